package io.sessions4j.examples.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sessions4j.core.SessionMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Micronaut example: one controller ({@link ShopController}) behind the adapter's session
 * filter, configured by {@code application.properties} ({@code sessions4j.*}). Store mode keeps
 * sessions in memory; {@code --mode cookie} keeps the whole session in an encrypted cookie, keyed by
 * the environment variable {@value #KEY_ENV}.
 *
 * <pre>
 * scripts/example micronaut [--mode store|cookie] [--port 8080] [--sessions4j.max-age=1h ...]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {
  /** The environment variable holding the session secret (32+ random bytes, e.g. base64), both modes. */
  public static final String KEY_ENV = "SESSIONS4J_KEYS";

  /** Said once, loudly, when {@value #KEY_ENV} is not set. */
  static final String DEV_KEY_WARNING = """

      ************************************************************************************
      WARNING: SESSIONS4J_KEYS is not set: this run signs and encrypts sessions with a
      random DEV-ONLY key, so every session ends when the app stops. In production set
      SESSIONS4J_KEYS to 32+ random bytes (e.g. `openssl rand -base64 48`).
      ************************************************************************************
      """;

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
    SessionMode mode = SessionMode.STORE;
    int port = 8080;
    List<String> micronautArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--mode") && i + 1 < args.length) {
        mode = SessionMode.valueOf(args[++i].toUpperCase(Locale.ROOT));
      } else if (arg.equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (arg.startsWith("--") && arg.contains("=")) {
        micronautArgs.add(arg);
      } else {
        System.err.println("usage: ExampleApp [--mode store|cookie] [--port N] [--sessions4j.OPTION=VALUE ...]");
        System.exit(2);
      }
    }
    String key = System.getenv(KEY_ENV);
    if (key == null || key.isBlank()) {
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      key = Base64.getEncoder().encodeToString(random);
      System.err.println(DEV_KEY_WARNING);
    }
    ExampleApp app = start(mode, port, key, micronautArgs.toArray(String[]::new));
    System.out.println("sessions4j Micronaut example (" + mode.name().toLowerCase(Locale.ROOT)
        + " mode) on http://localhost:" + app.port() + "/  — Ctrl+C to stop");
  }
}
