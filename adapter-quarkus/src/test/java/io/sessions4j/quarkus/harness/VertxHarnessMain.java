package io.sessions4j.quarkus.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;

/**
 * The Quarkus adapter's conformance harness as a plain Vert.x 4 server, so {@code scripts/harness
 * quarkus PORT} can start it from built classes without a Quarkus build: the same {@link
 * io.sessions4j.quarkus.SessionRouteFilter} (per profile) and route handler as the {@code
 * @QuarkusTest} harness, on the Vert.x HTTP server Quarkus runs on, minus Quarkus's own request
 * wrappers. Prints {@code READY http://127.0.0.1:PORT} and runs until killed.
 */
public final class VertxHarnessMain implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final ConformanceHarness harness;

  private VertxHarnessMain(Vertx vertx, HttpServer server, ConformanceHarness harness) {
    this.vertx = vertx;
    this.server = server;
    this.harness = harness;
  }

  /** Starts on 127.0.0.1:{@code port} (0 = any free port). */
  public static VertxHarnessMain start(int port) throws Exception {
    ConformanceHarness harness = ConformanceHarness.create();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      VertxConformanceRoutes routes = new VertxConformanceRoutes(harness);
      Router router = Router.router(vertx);
      router.route().handler(routes.sessionFilter());
      router.route(ProtocolRoute.PREFIX + "*").handler(routes::handle);
      HttpServer server = vertx.createHttpServer().requestHandler(router)
          .listen(port, HarnessMain.HOST).toCompletionStage().toCompletableFuture().get();
      return new VertxHarnessMain(vertx, server, harness);
    } catch (Exception e) {
      vertx.close();
      harness.close();
      throw e;
    }
  }

  public URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + server.actualPort());
  }

  @Override
  public void close() throws Exception {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } finally {
      harness.close();
    }
  }

  public static void main(String[] args) throws Exception {
    VertxHarnessMain running = start(HarnessMain.port(args));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "quarkus-harness-shutdown"));
    HarnessMain.ready(running.uri().getPort());
    Thread.currentThread().join();
  }
}
