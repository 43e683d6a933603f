package io.sessions4j.quarkus.app;

import static io.sessions4j.quarkus.app.AppRoutes.withSession;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.TreeMap;

/**
 * The routes of the slow-store contract ({@link io.sessions4j.testing.SlowStoreContract}): plain
 * Vert.x routes on the event loop, using the session once loaded.
 */
@Singleton
public class SlowStoreRoutes {

  void routes(@Observes Router router) {
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
}
