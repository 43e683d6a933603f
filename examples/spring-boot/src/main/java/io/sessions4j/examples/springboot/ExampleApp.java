package io.sessions4j.examples.springboot;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot example: the sessions4j shop ({@link ShopController}) behind Spring Security's form
 * login, CSRF, remember-me, logout and, in store mode, one session per user ({@link
 * SecurityConfig}). Sessions come from the sessions4j starter, configured in {@code
 * application.properties}: the memory store by default, JDBC or Redis by Spring profile, cookie
 * mode with {@code --mode cookie}.
 *
 * <pre>
 * scripts/example spring-boot [--mode store|cookie] [--port 8080] [--spring.profiles.active=mariadb|postgres|redis]
 * </pre>
 */
@SpringBootApplication
public class ExampleApp {
  /** The environment variable holding the session secret (32+ random bytes, e.g. base64); Boot reads it as {@code sessions4j.keys}. */
  public static final String KEY_ENV = "SESSIONS4J_KEYS";

  /**
   * Starts the app. Besides Spring's own {@code --name=value} arguments it takes the two every
   * sessions4j example takes: {@code --mode store|cookie} and {@code --port N} (0: any free port).
   */
  public static ConfigurableApplicationContext start(String... args) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    List<String> springArgs = new ArrayList<>();
    String mode = "store";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--mode") && i + 1 < args.length) {
        mode = args[++i].toLowerCase(Locale.ROOT);
        springArgs.add("--sessions4j.mode=" + mode);
      } else if (args[i].equals("--port") && i + 1 < args.length) {
        springArgs.add("--server.port=" + Integer.parseInt(args[++i]));
      } else {
        springArgs.add(args[i]);
      }
    }
    boolean keyGiven = System.getenv(KEY_ENV) != null && !System.getenv(KEY_ENV).isBlank()
        || springArgs.stream().anyMatch(a -> a.startsWith("--sessions4j.keys="));
    if (!keyGiven) {
      // the lowest-precedence source: SESSIONS4J_KEYS, application.properties or --sessions4j.keys win
      defaults.put("sessions4j.keys", randomKey());
      System.err.println("""

          ************************************************************************************
          WARNING: SESSIONS4J_KEYS is not set: this run signs and encrypts sessions with a
          random DEV-ONLY key, so every session ends when the app stops. In production set
          SESSIONS4J_KEYS to 32+ random bytes (e.g. `openssl rand -base64 48`).
          ************************************************************************************
          """);
    }
    SpringApplication app = new SpringApplication(ExampleApp.class);
    app.setDefaultProperties(defaults);
    return app.run(springArgs.toArray(String[]::new));
  }

  private static String randomKey() {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }

  public static void main(String[] args) {
    ConfigurableApplicationContext app = start(args);
    String port = app.getEnvironment().getProperty("local.server.port");
    boolean cookieMode = "cookie".equalsIgnoreCase(app.getEnvironment().getProperty("sessions4j.mode"));
    System.out.println("sessions4j Spring Boot example ("
        + (cookieMode ? "cookie mode" : "store mode, " + app.getEnvironment().getProperty("sessions4j.store", "memory") + " store")
        + ") on http://localhost:" + port
        + "/  — log in as ada or grace, password \"password\"; Ctrl+C to stop");
  }
}
