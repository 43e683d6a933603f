package io.sessions4j.webflux.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.core.SessionManager;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The conformance harness of the WebFlux adapter (CONFORMANCE.md): Spring WebFlux on Reactor
 * Netty, 127.0.0.1, whose {@code WebSessionManager} is the adapter's {@link SessionsWebSessionManager}
 * choosing the profile's manager by path, in front of {@link ConformanceHandler}, which runs each
 * route with the kit's {@code ConformanceHarness}. Session failures are answered by the adapter's
 * {@link SessionFailureHandler}, the "throw" route by WebFlux's own error handling. Unsupported
 * profiles get no session and answer 501.
 *
 * <p>It lives with the tests because it needs the kit, which must not become a dependency of
 * applications. {@code scripts/harness webflux PORT} runs it from the test classpath the build
 * writes.
 */
public final class WebFluxHarness implements AutoCloseable {
  private final ConformanceHarness kit;
  private final DisposableServer server;

  private WebFluxHarness(ConformanceHarness kit, DisposableServer server) {
    this.kit = kit;
    this.server = server;
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port), the store profiles configured from the environment. */
  public static WebFluxHarness start(int port) {
    return start(port, System.getenv());
  }

  /**
   * Starts on 127.0.0.1:{@code port} (0: any free port), the store profiles configured from {@code
   * env} ({@code SESSIONS4J_JDBC_URL}, {@code SESSIONS4J_REDIS_URI}).
   */
  public static WebFluxHarness start(int port, java.util.Map<String, String> env) {
    ConformanceHarness kit = ConformanceHarness.create(env);
    HttpHandler handler = WebHttpHandlerBuilder.webHandler(new ConformanceHandler(kit))
        .sessionManager(new ProfileSessions(kit))
        .exceptionHandler(new SessionFailureHandler())
        .build();
    DisposableServer server = HttpServer.create()
        .host(HarnessMain.HOST)
        .port(port)
        .handle(new ReactorHttpHandlerAdapter(handler))
        .bindNow(Duration.ofSeconds(30));
    return new WebFluxHarness(kit, server);
  }

  /** The base URI, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + server.port());
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(10));
    kit.close();
  }

  /** {@code WebFluxHarness [PORT]}: serves the protocol until killed. */
  public static void main(String[] args) throws InterruptedException {
    WebFluxHarness running = start(HarnessMain.port(args));
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "webflux-harness-shutdown"));
    HarnessMain.ready(running.server.port());
    Thread.currentThread().join();
  }

  /**
   * The adapter's session manager, mounted once for all profiles: it picks the profile's engine from
   * the path. Control routes ({@code _stats}, …) and unsupported profiles get no session.
   */
  private static final class ProfileSessions extends SessionsWebSessionManager {
    private final ConformanceHarness kit;

    ProfileSessions(ConformanceHarness kit) {
      super(kit.manager("store"));
      this.kit = kit;
    }

    @Override
    protected SessionManager managerFor(ServerWebExchange exchange) {
      ProtocolRoute route = ProtocolRoute.parse(exchange.getRequest().getPath().value());
      if (route == null || ConformanceHarness.isControlRoute(route.route())) {
        return null;
      }
      return kit.manager(route.profile());
    }
  }
}
