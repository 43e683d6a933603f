package io.sessions4j.examples.helidon;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.ExampleArgs;
import io.sessions4j.examples.pages.ExampleKeys;
import io.sessions4j.helidon.SessionFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Helidon 4 SE example: sessions4j configured from the {@code sessions4j} node of {@code
 * application.yaml}, in front of {@link ShopService}. {@code --mode cookie} overrides {@code
 * sessions4j.mode}; the secret comes from the environment variable {@value ExampleKeys#ENV}.
 *
 * <pre>
 * scripts/example helidon [--mode store|cookie] [--port 8080]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {


  private final WebServer server;

  private ExampleApp(WebServer server) {
    this.server = server;
  }

  /**
   * Starts the app on {@code port} (0 = any free port), with {@code application.yaml} and these
   * command-line overrides on top.
   *
   * @param mode overrides {@code sessions4j.mode}; null keeps the file's
   * @param key the secret (needed in cookie mode); null for none
   */
  public static ExampleApp start(SessionMode mode, int port, String key) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("server.port", String.valueOf(port));
    if (mode != null) {
      overrides.put("sessions4j.mode", mode.name().toLowerCase(Locale.ROOT));
    }
    if (key != null) {
      overrides.put("sessions4j.keys", key);
    }
    // the example's own command line decides the configuration; it reads SESSIONS4J_KEYS itself
    // (Helidon would also map it onto sessions4j.keys, the same option)
    Config config = Config.builder()
        .disableEnvironmentVariablesSource()
        .disableSystemPropertiesSource()
        .addSource(ConfigSources.create(overrides))
        .addSource(ConfigSources.classpath("application.yaml"))
        .build();
    SessionFeature sessions = SessionFeature.create(config.get("sessions4j"));
    String modeName = sessions.manager().config().mode().name().toLowerCase(Locale.ROOT);
    WebServer server = WebServer.builder()
        .config(config.get("server"))
        .routing(HttpRouting.builder()
            .addFeature(sessions)
            .register(new ShopService(modeName)))
        .build()
        .start();
    return new ExampleApp(server);
  }

  /** The port the app listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
  }

  public static void main(String[] args) {
    ExampleArgs options = ExampleArgs.parse(args).requireNoOthers();
    // no --mode: application.yaml's sessions4j.mode
    SessionMode mode = options.givenMode();
    int port = options.port();
    String key = ExampleKeys.fromEnvironment();
    ExampleApp app = start(mode, port, key);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "example-shutdown"));
    System.out.println("sessions4j Helidon example on http://localhost:" + app.port() + "/  — Ctrl+C to stop");
  }
}
