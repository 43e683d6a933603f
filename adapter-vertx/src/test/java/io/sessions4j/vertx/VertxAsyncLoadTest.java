package io.sessions4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionRouteFilter} on a plain Vert.x router, where (unlike in Quarkus) nothing pauses a
 * request before its body is read: a body sent to a route that loads its session from an
 * asynchronous store must still reach a {@link BodyHandler} mounted after the filter.
 */
class VertxAsyncLoadTest {
  private final ScriptedStore store = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
  private final SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new SessionRouteFilter(manager));
    router.get("/set").handler(ctx -> {
      Sessions.of(ctx).put("a", "1");
      ctx.response().end("set");
    });
    router.post("/body").handler(BodyHandler.create()).handler(ctx -> Sessions.load(ctx).onSuccess(session -> {
      session.put("received", ctx.body().length());
      ctx.response().end(String.valueOf(ctx.body().length()));
    }).onFailure(ctx::fail));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    manager.close();
    store.close();
  }

  @Test
  void bodySentDuringAnAsynchronousLoadReachesTheBodyHandler() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + server.actualPort());
    String sid = sessionCookie(http.send(HttpRequest.newBuilder(base.resolve("/set")).build(),
        HttpResponse.BodyHandlers.ofString()));
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> answered = http.send(HttpRequest.newBuilder(base.resolve("/body"))
        .header("Cookie", sid)
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1_000_000)))
        .timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("1000000");
    assertThat(store.blockingWaits()).noneMatch(thread -> thread.startsWith("vert.x-eventloop-thread"));
  }

  /** The {@code sid=…} pair of the response's session cookie. */
  private static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("sid="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }
}
