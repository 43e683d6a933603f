package io.sessions4j.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import java.util.Optional;

/**
 * The sessions4j {@link Session} of a request that passed the {@link SessionFilter}, for code that
 * is not a controller parameter (other filters, services called during the request).
 *
 * <pre>{@code
 * Session session = Sessions.of(request);
 * session.put("user", "ada");
 * }</pre>
 *
 * <p>The session is also the request attribute {@value #ATTRIBUTE}. In controllers, declare a
 * {@link Session} parameter or a {@link SessionValue @SessionValue} one instead. Every sessions4j
 * adapter uses these names: {@code Sessions.of}, {@code Sessions.find}, and the attribute {@link
 * Session#REQUEST_ATTRIBUTE}.
 */
public final class Sessions {

  /** The request attribute holding the request's {@link Session}: {@link Session#REQUEST_ATTRIBUTE}. */
  public static final String ATTRIBUTE = Session.REQUEST_ATTRIBUTE;

  private Sessions() {}

  /**
   * The decision trace of {@code request}'s session (what the engine did and why), or empty when
   * the {@code trace} option is off; also the request attribute {@value SessionTrace#REQUEST_ATTRIBUTE}.
   */
  public static Optional<SessionTrace> trace(HttpRequest<?> request) {
    return request.getAttribute(SessionTrace.REQUEST_ATTRIBUTE, SessionTrace.class);
  }

  /** The session of {@code request}, if the {@link SessionFilter} gave it one. */
  public static Optional<Session> find(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Session.class);
  }

  /**
   * The session of {@code request}.
   *
   * @throws IllegalStateException when the {@link SessionFilter} did not handle this request
   */
  public static Session of(HttpRequest<?> request) {
    return find(request).orElseThrow(() -> new IllegalStateException(
        "This request has no sessions4j session: is adapter-micronaut on the classpath and its SessionFilter "
            + "mapped to " + request.getPath() + "?"));
  }

  /**
   * The session of the request being served on this thread (Micronaut's propagated request
   * context).
   *
   * @throws IllegalStateException outside a request, or when the request has no session
   */
  public static Session current() {
    HttpRequest<Object> request = ServerRequestContext.currentRequest()
        .orElseThrow(() -> new IllegalStateException("No HTTP request is being served on this thread"));
    return of(request);
  }
}
