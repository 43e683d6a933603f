package io.sessions4j.quarkus.app;

import io.sessions4j.core.Session;
import io.sessions4j.quarkus.Sessions;
import io.sessions4j.vertx.harness.SlowStoreRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Plain Vert.x routes of the test application under {@code /app}, running on the event loop, with
 * the session the adapter's application-wide filter attached (via {@link Sessions}).
 */
@Singleton
public class AppRoutes {

  void routes(@Observes Router router) {
    router.get("/app/set").handler(ctx -> withSession(ctx, session -> {
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      json(ctx, session);
    }));
    router.get("/app/view").handler(ctx -> withSession(ctx, session -> json(ctx, session)));
    router.get("/app/free").handler(ctx -> ctx.response().end("free"));
    router.get("/app/destroy").handler(ctx -> withSession(ctx, session -> {
      session.destroy();
      ctx.response().end("destroyed");
    }));
    router.get("/app/redirect").handler(ctx -> withSession(ctx, session -> {
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      ctx.redirect("/app/view");
    }));
    router.get("/app/stream").handler(ctx -> withSession(ctx, session -> {
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "text/plain");
      response.write("one,")
          .compose(v -> response.write("two,"))
          .compose(v -> response.end("three"))
          .onFailure(ctx::fail);
    }));
    router.get("/app/save").handler(ctx -> withSession(ctx, session -> {
      // the explicit commit point: the store write finishes before the response is written
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      Future.fromCompletionStage(session.save(), ctx.vertx().getOrCreateContext())
          .onSuccess(v -> json(ctx, session))
          .onFailure(ctx::fail);
    }));
    // synchronous first use on the event loop: works only when the store has answered at once
    router.get("/app/view-sync").handler(ctx -> json(ctx, Sessions.of(ctx)));
    SlowStoreRoutes.mount(router); // the slow-store contract's routes (AsyncStoreTest), at the root
  }

  /** Event-loop code: the session is used once loaded (its store read never blocks the loop). */
  static void withSession(RoutingContext ctx, java.util.function.Consumer<Session> use) {
    Sessions.load(ctx).onSuccess(use::accept).onFailure(ctx::fail);
  }

  static void json(RoutingContext ctx, Session session) {
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject(session.attributes()).encode());
  }
}
