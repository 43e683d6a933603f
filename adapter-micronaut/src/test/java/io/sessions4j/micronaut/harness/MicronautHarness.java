package io.sessions4j.micronaut.harness;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessions4j.conformance.harness.HarnessMain;
import java.net.URI;
import java.util.Map;

/**
 * The conformance harness of the Micronaut adapter (CONFORMANCE.md): a Micronaut application on
 * 127.0.0.1 whose {@link HarnessSessionFilter} (the adapter's {@code SessionFilter}, choosing the
 * profile's manager by path) fronts {@link ConformanceController}, which runs each route with the
 * kit's {@code ConformanceHarness}. Unsupported profiles get no session and answer 501.
 *
 * <p>It lives with the tests because it needs the kit, which must not become a dependency of
 * applications. {@code scripts/harness micronaut PORT} runs it from the test classpath the build
 * writes.
 */
public final class MicronautHarness implements AutoCloseable {
  /** The value of {@code spec.name} that enables the harness beans (and no other test's). */
  static final String SPEC = "conformance-harness";

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private MicronautHarness(EmbeddedServer server) {
    this.server = server;
    this.context = server.getApplicationContext();
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port), store profiles from the process environment. */
  public static MicronautHarness start(int port) {
    return start(port, System.getenv());
  }

  /**
   * Starts on 127.0.0.1:{@code port} (0: any free port), the store profiles configured from {@code
   * env} ({@code SESSIONS4J_JDBC_URL}, {@code SESSIONS4J_REDIS_URI}).
   */
  public static MicronautHarness start(int port, Map<String, String> env) {
    EmbeddedServer server = ApplicationContext.builder(EmbeddedServer.class)
        .properties(Map.of(
            "spec.name", SPEC,
            "micronaut.server.host", HarnessMain.HOST,
            "micronaut.server.port", port == 0 ? -1 : port))
        .singletons(new HarnessEnvironment(Map.copyOf(env)))
        .run(EmbeddedServer.class);
    return new MicronautHarness(server);
  }

  /** The environment the kit's store profiles are configured from (a bean for {@link HarnessBeans}). */
  record HarnessEnvironment(Map<String, String> variables) {}

  /** The base URI, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + server.getPort());
  }

  @Override
  public void close() {
    context.close();
  }

  /** {@code MicronautHarness [PORT]}: serves the protocol until killed. */
  public static void main(String[] args) throws InterruptedException {
    MicronautHarness running = start(HarnessMain.port(args));
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "micronaut-harness-shutdown"));
    HarnessMain.ready(running.server.getPort());
    Thread.currentThread().join();
  }
}
