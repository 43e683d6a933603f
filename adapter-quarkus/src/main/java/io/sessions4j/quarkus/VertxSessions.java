package io.sessions4j.quarkus;

import io.sessions4j.core.Session;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Reaching the request's {@link Session} from Vert.x code: route handlers, reactive routes,
 * anything holding the {@link RoutingContext}. In CDI beans (Quarkus REST resources) inject {@code
 * Session} instead.
 */
public final class VertxSessions {

  /** The routing-context data key under which {@link SessionRouteFilter} puts the session. */
  public static final String SESSION_KEY = "io.sessions4j.Session";

  private VertxSessions() {}

  /**
   * The request's session.
   *
   * @throws IllegalStateException when no sessions4j filter ran for this request
   */
  public static Session session(RoutingContext ctx) {
    return find(ctx).orElseThrow(() -> new IllegalStateException(
        "no sessions4j session on this request: the sessions4j filter did not run for " + ctx.normalizedPath()));
  }

  /** The request's session, if a sessions4j filter ran for it. */
  public static Optional<Session> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SESSION_KEY));
  }
}
