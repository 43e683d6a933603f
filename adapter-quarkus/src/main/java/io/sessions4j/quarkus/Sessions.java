package io.sessions4j.quarkus;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Reaching the request's {@link Session} from Vert.x code in a Quarkus application: route handlers
 * ({@code @Observes Router}), reactive routes, anything holding the {@link RoutingContext}. In CDI
 * beans (Quarkus REST resources) inject {@code Session} instead. The same methods as adapter-vertx's
 * {@link io.sessions4j.vertx.Sessions}, which they call (the filter is adapter-vertx's {@link
 * io.sessions4j.vertx.SessionRouteFilter}); the names are those of every sessions4j adapter.
 *
 * <p>The session is lazy: its store read starts at the first use. On an event loop use {@link
 * #load}, whose future completes on the request's context once the session is loaded; the session's
 * synchronous methods are then free. A synchronous first use waits for the store on a worker thread
 * (blocking Quarkus REST endpoints, {@code @Blocking}, {@code executeBlocking}), and on an event
 * loop succeeds only when the store answered at once (the memory store always does), else throws
 * {@link IllegalStateException}.
 */
public final class Sessions {

  /** The routing-context data key under which the session filter puts the session. */
  public static final String ATTRIBUTE = io.sessions4j.vertx.Sessions.ATTRIBUTE;

  private Sessions() {}

  /**
   * The request's session.
   *
   * @throws IllegalStateException when no sessions4j filter ran for this request
   */
  public static Session of(RoutingContext ctx) {
    return io.sessions4j.vertx.Sessions.of(ctx);
  }

  /** The request's session, if a sessions4j filter ran for it. */
  public static Optional<Session> find(RoutingContext ctx) {
    return io.sessions4j.vertx.Sessions.find(ctx);
  }

  /**
   * The decision trace of the request's session (what the engine did and why), or empty when the
   * {@code trace} option is off; also the routing-context entry {@value SessionTrace#REQUEST_ATTRIBUTE}.
   */
  public static Optional<SessionTrace> trace(RoutingContext ctx) {
    return io.sessions4j.vertx.Sessions.trace(ctx);
  }

  /**
   * The request's session once loaded, starting its store read if nothing started it; completes on
   * the request's Vert.x context, never blocks. Fails with {@code SessionUnavailableException} when
   * the store failed (policy {@code FAIL}); the response is then answered 503 however it is ended.
   *
   * @throws IllegalStateException when no sessions4j filter ran for this request
   */
  public static Future<Session> load(RoutingContext ctx) {
    return io.sessions4j.vertx.Sessions.load(ctx);
  }
}
