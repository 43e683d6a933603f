package io.sessions4j.quarkus.devui.deployment;

import io.sessions4j.quarkus.Sessions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The dev-mode test application: {@code /login?user=ada} logs a user in (the session attribute
 * {@code user}, the principal attribute), {@code /whoami} answers who is logged in ({@code -} for
 * nobody). The memory store answers at once, so the session is used on the event loop.
 */
@Singleton
public class LoginRoutes {

  void routes(@Observes Router router) {
    router.get("/login").handler(ctx -> {
      Sessions.of(ctx).put("user", ctx.queryParams().get("user"));
      ctx.end("ok");
    });
    router.get("/whoami").handler(ctx -> {
      Object user = Sessions.of(ctx).get("user");
      ctx.end(user == null ? "-" : user.toString());
    });
  }
}
