package io.sessions4j.servlet;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import jakarta.servlet.ServletRequest;
import java.util.Optional;

/**
 * Direct access to the sessions4j {@link Session} of a request that passed through a {@link
 * SessionFilter}: the full core API ({@code regenerate()}, {@code touch()}, {@code save()}, typed
 * {@code get(name, type)}, per-session {@code maxAge}) next to the {@code HttpSession} view.
 *
 * <pre>{@code
 * Session session = Sessions.of(request);
 * session.put("user", "ada");
 * }</pre>
 *
 * <p>The session is also the request attribute {@value #ATTRIBUTE}, for code that cannot depend on
 * this class (JSP EL, templates). Every adapter uses these names: {@code Sessions.of}, {@code
 * Sessions.find}, and the attribute {@link Session#REQUEST_ATTRIBUTE}.
 */
public final class Sessions {

  /** The request attribute holding the request's {@link Session}: {@link Session#REQUEST_ATTRIBUTE}. */
  public static final String ATTRIBUTE = Session.REQUEST_ATTRIBUTE;

  private Sessions() {}

  /**
   * The session of {@code request}.
   *
   * @throws IllegalStateException when no {@link SessionFilter} handled this request
   */
  public static Session of(ServletRequest request) {
    return find(request).orElseThrow(() -> new IllegalStateException("This request has no sessions4j session: "
        + "map a SessionFilter to its path (and, for async or forwarded requests, to the ASYNC and FORWARD "
        + "dispatcher types)"));
  }

  /** The session of {@code request}, or empty when no {@link SessionFilter} handled it. */
  public static Optional<Session> find(ServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Session s ? Optional.of(s) : Optional.empty();
  }

  /**
   * The decision trace of {@code request}'s session (what the engine did and why), or empty when
   * the {@code trace} option is off or no {@link SessionFilter} handled the request. It is also the
   * request attribute {@value SessionTrace#REQUEST_ATTRIBUTE}, for JSP EL and templates.
   */
  public static Optional<SessionTrace> trace(ServletRequest request) {
    return request.getAttribute(SessionTrace.REQUEST_ATTRIBUTE) instanceof SessionTrace t ? Optional.of(t)
        : Optional.empty();
  }

  /** Puts {@code session}'s trace among the request's attributes, when tracing is on. */
  static void exposeTrace(ServletRequest request, Session session) {
    SessionTrace trace = SessionTrace.of(session);
    if (trace != null) {
      request.setAttribute(SessionTrace.REQUEST_ATTRIBUTE, trace);
    }
  }
}
