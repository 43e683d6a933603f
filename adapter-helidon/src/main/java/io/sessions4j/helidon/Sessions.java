package io.sessions4j.helidon;

import io.helidon.common.context.Context;
import io.helidon.webserver.http.ServerRequest;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import java.util.Optional;

/**
 * How handlers reach the request's session. The {@link SessionFilter} registers the core {@link
 * Session} in the request context, so both forms work:
 *
 * <pre>{@code
 * Session session = Sessions.of(req);                        // this accessor
 * Session same = req.context().get(Session.class).orElseThrow();   // Helidon's own idiom
 * }</pre>
 *
 * <p>{@code Sessions.of} and {@code Sessions.find} are the names every sessions4j adapter uses.
 */
public final class Sessions {

  private Sessions() {}

  /**
   * The request's session.
   *
   * @throws IllegalStateException when no {@link SessionFeature} / {@link SessionFilter} handled
   *     this request
   */
  public static Session of(ServerRequest request) {
    return find(request).orElseThrow(() -> new IllegalStateException(
        "no sessions4j session on this request: install SessionFeature on the routing (or its "
            + "appliesTo predicate excluded " + request.path().rawPath() + ")"));
  }

  /** The request's session, or empty when no session filter handled this request. */
  public static Optional<Session> find(ServerRequest request) {
    return request.context().get(Session.class);
  }

  /**
   * {@link #of}, under its former name.
   *
   * @deprecated use {@link #of}, the name every sessions4j adapter uses
   */
  @Deprecated(since = "0.1.0")
  public static Session get(ServerRequest request) {
    return of(request);
  }

  /**
   * The decision trace of the request's session (what the engine did and why), or empty when the
   * {@code trace} option is off; also in the request context as {@code SessionTrace.class}.
   */
  public static Optional<SessionTrace> trace(ServerRequest request) {
    return request.context().get(SessionTrace.class);
  }

  static void register(Context context, Session session) {
    context.supply(Session.class, () -> session);
    SessionTrace trace = SessionTrace.of(session);
    if (trace != null) {
      context.register(trace);
    }
  }
}
