package io.sessions4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.SlowStoreContract;
import io.sessions4j.vertx.harness.SlowStoreRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The slow-store contract for {@link SessionRouteFilter} on a plain Vert.x router with one event
 * loop; and, where (unlike in Quarkus) nothing pauses a request before its body is read, a body sent
 * to a route that loads its session from an asynchronous store still reaches a {@link BodyHandler}
 * mounted after the filter.
 */
class VertxSlowStoreTest extends SlowStoreContract {

  @Override
  protected Server start() throws Exception {
    ScriptedStore store = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
    SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Router router = Router.router(vertx);
    router.route().handler(new SessionRouteFilter(manager));
    SlowStoreRoutes.mount(router);
    router.post("/body").handler(BodyHandler.create()).handler(ctx -> SlowStoreRoutes.withSession(ctx, session -> {
      session.put("received", ctx.body().length());
      ctx.response().end(String.valueOf(ctx.body().length()));
    }));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get();
    return new Server(store, route -> URI.create("http://127.0.0.1:" + server.actualPort() + route), () -> {
      vertx.close().toCompletionStage().toCompletableFuture().get();
      manager.close();
      store.close();
    });
  }

  @Test
  void bodySentDuringAnAsynchronousLoadReachesTheBodyHandler() throws Exception {
    String sid = sessionCookie(get("/set?a=1"));
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> answered = post("/body", sid, "x".repeat(1_000_000));

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("1000000");
    assertThat(store.blockingWaits()).noneMatch(thread -> thread.startsWith("vert.x-eventloop-thread"));
  }
}
