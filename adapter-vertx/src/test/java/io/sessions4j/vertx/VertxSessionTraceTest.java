package io.sessions4j.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionTrace;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision trace through the Vert.x route filter: the routing-context entry {@value
 * SessionTrace#REQUEST_ATTRIBUTE} ({@code Sessions.trace(ctx)}) for the handler, and the {@code
 * Sessions4j-Trace} response header written with the commit, before the head goes out.
 */
class VertxSessionTraceTest {
  private final SessionManager manager = SessionManager.create(SessionConfig.builder()
      .keys("vertx-trace-test-key-0123456789abcdef-xyz").traceHeader(true).build());
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new SessionRouteFilter(manager));
    router.get("/cart").handler(ctx -> Sessions.load(ctx).onSuccess(session -> {
      session.put("cart", "apple");
      SessionTrace trace = Sessions.trace(ctx).orElseThrow();
      ctx.response().end((trace == ctx.get(SessionTrace.REQUEST_ATTRIBUTE)) + "\n" + trace.summary());
    }).onFailure(ctx::fail));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    manager.close();
  }

  @Test
  void theHandlerSeesThePlannedCommitAndTheHeaderWhatWasDone() throws Exception {
    HttpResponse<String> cart = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.actualPort() + "/cart")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(cart.body()).startsWith("true\n")
        .contains("commit (planned): store write (new record), Set-Cookie: new session with data");
    assertThat(cart.headers().firstValue(SessionTrace.HEADER)).get().asString()
        .contains("commit: store written (new record), Set-Cookie sent: new session with data");
  }
}
