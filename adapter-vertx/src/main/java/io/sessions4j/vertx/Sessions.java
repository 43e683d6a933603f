package io.sessions4j.vertx;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Reaching the request's {@link Session} from Vert.x code: route handlers, anything holding the
 * {@link RoutingContext}. The names are those of every sessions4j adapter: {@code Sessions.of},
 * {@code Sessions.find}, and the routing-context key {@link Session#REQUEST_ATTRIBUTE}.
 *
 * <p>The session is lazy: its store read starts at the first use. On an event loop use {@link
 * #load}, whose future completes on the request's context once the session is loaded; the session's
 * synchronous methods are then free. A synchronous first use waits for the store on a worker thread
 * ({@code executeBlocking}, blocking handlers), and on an event loop succeeds only when the store
 * answered at once (the memory store always does), else throws {@link IllegalStateException}.
 */
public final class Sessions {

  /** The routing-context data key under which {@link SessionRouteFilter} puts the session. */
  public static final String ATTRIBUTE = Session.REQUEST_ATTRIBUTE;

  private Sessions() {}

  /**
   * The request's session.
   *
   * @throws IllegalStateException when no sessions4j filter ran for this request
   */
  public static Session of(RoutingContext ctx) {
    return find(ctx).orElseThrow(() -> new IllegalStateException(
        "no sessions4j session on this request: the sessions4j filter did not run for " + ctx.normalizedPath()));
  }

  /** The request's session, if a sessions4j filter ran for it. */
  public static Optional<Session> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(ATTRIBUTE));
  }

  /**
   * The decision trace of the request's session (what the engine did and why), or empty when the
   * {@code trace} option is off; also the routing-context entry {@value SessionTrace#REQUEST_ATTRIBUTE}.
   */
  public static Optional<SessionTrace> trace(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SessionTrace.REQUEST_ATTRIBUTE));
  }

  /**
   * The request's session once loaded, starting its store read if nothing started it; completes on
   * the request's Vert.x context, never blocks. Fails with {@code SessionUnavailableException} when
   * the store failed (policy {@code FAIL}); the response is then answered 503 however it is ended.
   *
   * @throws IllegalStateException when no sessions4j filter ran for this request
   */
  public static Future<Session> load(RoutingContext ctx) {
    Session session = of(ctx);
    if (session.isLoaded()) {
      return Future.succeededFuture(session);
    }
    Context context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(session.loaded())
        : Future.fromCompletionStage(session.loaded(), context);
  }
}
