package io.sessions4j.examples.springboot;

import io.sessions4j.examples.pages.ExampleKeys;
import java.util.ArrayList;
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
    boolean keyGiven = ExampleKeys.given() || springArgs.stream().anyMatch(a -> a.startsWith("--sessions4j.keys="));
    if (!keyGiven) {
      // the lowest-precedence source: SESSIONS4J_KEYS, application.properties or --sessions4j.keys win
      defaults.put("sessions4j.keys", ExampleKeys.devOnlyKey());
    }
    SpringApplication app = new SpringApplication(ExampleApp.class);
    app.setDefaultProperties(defaults);
    return app.run(springArgs.toArray(String[]::new));
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
