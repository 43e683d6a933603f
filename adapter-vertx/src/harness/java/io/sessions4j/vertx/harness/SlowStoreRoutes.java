package io.sessions4j.vertx.harness;

import io.sessions4j.core.Session;
import io.sessions4j.vertx.Sessions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The routes of session-testing's {@code SlowStoreContract} on a Vert.x router, behind a sessions4j
 * filter: event-loop routes that use the session once loaded. Used by adapter-vertx's {@code
 * VertxSlowStoreTest} (a plain Vert.x router) and adapter-quarkus's {@code AsyncStoreTest}
 * (Quarkus's router).
 */
public final class SlowStoreRoutes {

  private SlowStoreRoutes() {}

  /** Mounts {@code /thread}, {@code /set}, {@code /view}, {@code /change-id}, {@code /destroy} and {@code /untouched}. */
  public static void mount(Router router) {
    router.get("/thread").handler(ctx -> withSession(ctx, session -> ctx.response().end(Thread.currentThread().getName())));
    router.get("/set").handler(ctx -> withSession(ctx, session -> {
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      ctx.response().end("ok");
    }));
    router.get("/view").handler(ctx -> withSession(ctx, session -> ctx.response().end(new TreeMap<>(session.attributes()).toString())));
    router.get("/change-id").handler(ctx -> withSession(ctx, session -> {
      session.changeId();
      ctx.response().end("ok");
    }));
    router.get("/destroy").handler(ctx -> withSession(ctx, session -> {
      session.destroy();
      ctx.response().end("ok");
    }));
    router.get("/untouched").handler(ctx -> ctx.response().end("untouched"));
  }

  /** Event-loop code: uses the request's session once loaded (its store read never blocks the loop). */
  public static void withSession(RoutingContext ctx, Consumer<Session> use) {
    Sessions.load(ctx).onSuccess(use::accept).onFailure(ctx::fail);
  }
}
