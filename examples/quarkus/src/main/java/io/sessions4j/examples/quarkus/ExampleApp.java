package io.sessions4j.examples.quarkus;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Starts the shop with the options every sessions4j example takes: {@code --port N} (default 8080)
 * and {@code --mode store|cookie} (cookie: the {@code cookie} configuration profile). The keys come
 * from {@value #KEY_ENV}; without it a random dev-only key is made, with a warning, so sessions end
 * when the app stops. Other arguments go to Quarkus.
 *
 * <pre>
 * scripts/example quarkus [--mode store|cookie] [--port 8080]
 * </pre>
 */
@QuarkusMain
public final class ExampleApp {
  /** The environment variable holding the session keys (32+ random bytes each, newest first). */
  public static final String KEY_ENV = "SESSIONS4J_KEYS";

  private ExampleApp() {}

  public static void main(String... args) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        System.setProperty("quarkus.http.port", Integer.toString(Integer.parseInt(args[++i])));
      } else if (args[i].equals("--mode") && i + 1 < args.length) {
        if ("cookie".equalsIgnoreCase(args[++i])) {
          System.setProperty("quarkus.profile", "cookie");
        }
      } else {
        rest.add(args[i]);
      }
    }
    String keys = System.getenv(KEY_ENV);
    if (keys == null || keys.isBlank()) {
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      // application.properties reads ${SESSIONS4J_KEYS}; a system property of that name stands in
      System.setProperty(KEY_ENV, Base64.getEncoder().encodeToString(random));
      System.err.println("""

          ************************************************************************************
          WARNING: SESSIONS4J_KEYS is not set: this run signs and encrypts sessions with a
          random DEV-ONLY key, so every session ends when the app stops. In production set
          SESSIONS4J_KEYS to 32+ random bytes (e.g. `openssl rand -base64 48`).
          ************************************************************************************
          """);
    }
    Quarkus.run(rest.toArray(String[]::new));
  }
}
