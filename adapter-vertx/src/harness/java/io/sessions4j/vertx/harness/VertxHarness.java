package io.sessions4j.vertx.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.util.Map;

/**
 * The conformance harness of the Vert.x adapter (CONFORMANCE.md): a plain Vert.x 4 HTTP server
 * whose router runs the adapter's {@link io.sessions4j.vertx.SessionRouteFilter} per profile ahead
 * of the protocol routes ({@link VertxConformanceRoutes}). {@code scripts/harness vertx PORT} runs
 * it from adapter-vertx's test classpath, {@code scripts/harness quarkus PORT} from
 * adapter-quarkus's (the same filter class as in Quarkus, minus Quarkus's request wrappers, which
 * the {@code @QuarkusTest} kit run covers). Prints {@code READY http://127.0.0.1:PORT} and runs
 * until killed.
 */
public final class VertxHarness implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final ConformanceHarness harness;

  private VertxHarness(Vertx vertx, HttpServer server, ConformanceHarness harness) {
    this.vertx = vertx;
    this.server = server;
    this.harness = harness;
  }

  /** Starts on 127.0.0.1:{@code port} (0 = any free port), store profiles from the process environment. */
  public static VertxHarness start(int port) throws Exception {
    return start(port, System.getenv());
  }

  /**
   * Starts on 127.0.0.1:{@code port} (0 = any free port), the store profiles configured from
   * {@code env} ({@code SESSIONS4J_JDBC_URL}, {@code SESSIONS4J_REDIS_URI}).
   */
  public static VertxHarness start(int port, Map<String, String> env) throws Exception {
    ConformanceHarness harness = ConformanceHarness.create(env);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      VertxConformanceRoutes routes = new VertxConformanceRoutes(harness);
      Router router = Router.router(vertx);
      router.route().handler(routes.sessionFilter());
      router.route(ProtocolRoute.PREFIX + "*").handler(routes::handle);
      HttpServer server = vertx.createHttpServer()
          .requestHandler(router)
          .listen(port, HarnessMain.HOST).toCompletionStage().toCompletableFuture().get();
      return new VertxHarness(vertx, server, harness);
    } catch (Exception e) {
      vertx.close();
      harness.close();
      throw e;
    }
  }

  /** The base URI, {@code http://127.0.0.1:PORT}. */
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

  /** {@code VertxHarness [PORT]}: serves the protocol until killed. */
  public static void main(String[] args) throws Exception {
    VertxHarness running = start(HarnessMain.port(args));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "vertx-harness-shutdown"));
    HarnessMain.ready(running.uri().getPort());
    Thread.currentThread().join();
  }
}
