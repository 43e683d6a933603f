package io.sessions4j.quarkus;

import io.sessions4j.core.Session;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The former name of {@link Sessions}, kept so existing code compiles and behaves the same.
 *
 * @deprecated use {@link Sessions}: {@code Sessions.of(ctx)}, {@code Sessions.find(ctx)}, {@code
 *     Sessions.load(ctx)}, {@link Sessions#ATTRIBUTE} — the names every sessions4j adapter uses
 */
@Deprecated(since = "0.1.0")
public final class VertxSessions {

  /**
   * The routing-context data key under which the session filter puts the session.
   *
   * @deprecated use {@link Sessions#ATTRIBUTE} (the same value)
   */
  @Deprecated(since = "0.1.0")
  public static final String SESSION_KEY = Sessions.ATTRIBUTE;

  private VertxSessions() {}

  /**
   * {@link Sessions#of}.
   *
   * @deprecated use {@link Sessions#of}
   */
  @Deprecated(since = "0.1.0")
  public static Session session(RoutingContext ctx) {
    return Sessions.of(ctx);
  }

  /**
   * {@link Sessions#load}.
   *
   * @deprecated use {@link Sessions#load}
   */
  @Deprecated(since = "0.1.0")
  public static Future<Session> load(RoutingContext ctx) {
    return Sessions.load(ctx);
  }

  /**
   * {@link Sessions#find}.
   *
   * @deprecated use {@link Sessions#find}
   */
  @Deprecated(since = "0.1.0")
  public static Optional<Session> find(RoutingContext ctx) {
    return Sessions.find(ctx);
  }
}
