package io.sessions4j.examples.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.ExampleArgs;
import io.sessions4j.examples.pages.ExampleKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Micronaut example: one controller ({@link ShopController}) behind the adapter's session
 * filter, configured by {@code application.properties} ({@code sessions4j.*}). Store mode keeps
 * sessions in memory; {@code --mode cookie} keeps the whole session in an encrypted cookie, keyed by
 * the environment variable {@value ExampleKeys#ENV}.
 *
 * <pre>
 * scripts/example micronaut [--mode store|cookie] [--port 8080] [--sessions4j.max-age=1h ...]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {


  private final EmbeddedServer server;

  private ExampleApp(EmbeddedServer server) {
    this.server = server;
  }

  /**
   * Starts the app at {@code port} (0 = any free port).
   *
   * @param key the secret that signs the id cookie (store mode) or encrypts the session cookie (cookie mode)
   * @param args further Micronaut command-line properties ({@code --sessions4j.max-age=1h})
   */
  public static ExampleApp start(SessionMode mode, int port, String key, String... args) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", port == 0 ? -1 : port);
    properties.put("sessions4j.mode", mode.name().toLowerCase(Locale.ROOT));
    // the key signs the id cookie (store mode) and encrypts the session cookie (cookie mode): a
    // client can neither forge an id nor read or change a cookie-mode session
    properties.put("sessions4j.keys", key);
    ApplicationContext context = Micronaut.build(args).mainClass(ExampleApp.class).properties(properties).start();
    return new ExampleApp(context.getBean(EmbeddedServer.class));
  }

  /** The port the app listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
  }

  public static void main(String[] args) {
    ExampleArgs options = ExampleArgs.parse(args);
    SessionMode mode = options.mode();
    int port = options.port();
    // Micronaut takes its properties (--sessions4j.max-age=1h) from the command line
    List<String> micronautArgs = options.others();
    if (micronautArgs.stream().anyMatch(arg -> !arg.startsWith("--") || !arg.contains("="))) {
      ExampleArgs.usage(" [--sessions4j.OPTION=VALUE ...]");
    }
    String key = ExampleKeys.fromEnvironment();
    ExampleApp app = start(mode, port, key, micronautArgs.toArray(String[]::new));
    System.out.println("sessions4j Micronaut example (" + mode.name().toLowerCase(Locale.ROOT)
        + " mode) on http://localhost:" + app.port() + "/  — Ctrl+C to stop");
  }
}
