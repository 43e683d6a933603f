package io.sessions4j.quarkus.redis.app;

import io.sessions4j.vertx.Sessions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** The test application: {@code /count} adds one to the session's {@code views} and answers {@code {"views":n,"by":name}}. */
@Singleton
public class CounterRoutes {

  void routes(@Observes Router router) {
    router.get("/count").handler(ctx -> count(ctx, "quarkus"));
  }

  /** The route, shared with the test's second application instance. */
  public static void count(RoutingContext ctx, String instance) {
    Sessions.load(ctx).onSuccess(session -> {
      int views = session.get("views") instanceof Number n ? n.intValue() + 1 : 1;
      session.put("views", views);
      ctx.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("views", views).put("by", instance).encode());
    }).onFailure(ctx::fail);
  }
}
