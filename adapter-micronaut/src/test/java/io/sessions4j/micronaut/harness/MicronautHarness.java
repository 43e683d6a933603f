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

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static MicronautHarness start(int port) {
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "spec.name", SPEC,
        "micronaut.server.host", HarnessMain.HOST,
        "micronaut.server.port", port == 0 ? -1 : port));
    return new MicronautHarness(server);
  }

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
