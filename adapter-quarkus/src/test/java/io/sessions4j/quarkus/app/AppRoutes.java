package io.sessions4j.quarkus.app;

import io.sessions4j.core.Session;
import io.sessions4j.quarkus.VertxSessions;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain Vert.x routes of the test application under {@code /app}, running on the event loop, with
 * the session the adapter's application-wide filter attached (via {@link VertxSessions}).
 */
@Singleton
public class AppRoutes {

  /** How many times {@code /app/count} ran. */
  public static final AtomicInteger COUNTED = new AtomicInteger();

  void routes(@Observes Router router) {
    router.get("/app/set").handler(ctx -> {
      Session session = VertxSessions.session(ctx);
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      json(ctx, session);
    });
    router.get("/app/view").handler(ctx -> json(ctx, VertxSessions.session(ctx)));
    router.get("/app/count").handler(ctx -> {
      COUNTED.incrementAndGet();
      json(ctx, VertxSessions.session(ctx));
    });
    router.get("/app/free").handler(ctx -> ctx.response().end("free"));
    router.get("/app/destroy").handler(ctx -> {
      VertxSessions.session(ctx).destroy();
      ctx.response().end("destroyed");
    });
    router.get("/app/redirect").handler(ctx -> {
      Session session = VertxSessions.session(ctx);
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      ctx.redirect("/app/view");
    });
    router.get("/app/stream").handler(ctx -> {
      Session session = VertxSessions.session(ctx);
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "text/plain");
      response.write("one,")
          .compose(v -> response.write("two,"))
          .compose(v -> response.end("three"))
          .onFailure(ctx::fail);
    });
    router.get("/app/save").handler(ctx -> {
      // the explicit commit point: the store write finishes before the response is written
      Session session = VertxSessions.session(ctx);
      ctx.queryParams().forEach(e -> session.put(e.getKey(), e.getValue()));
      Future.fromCompletionStage(session.save(), ctx.vertx().getOrCreateContext())
          .onSuccess(v -> json(ctx, session))
          .onFailure(ctx::fail);
    });
  }

  static void json(RoutingContext ctx, Session session) {
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject(session.attributes()).encode());
  }
}
