package io.sessions4j.examples.quarkus;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.sessions4j.examples.pages.ExampleKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the shop with the options every sessions4j example takes: {@code --port N} (default 8080)
 * and {@code --mode store|cookie} (cookie: the {@code cookie} configuration profile). The keys come
 * from {@value ExampleKeys#ENV}; without it a random dev-only key is made, with a warning, so sessions end
 * when the app stops. Other arguments go to Quarkus.
 *
 * <pre>
 * scripts/example quarkus [--mode store|cookie] [--port 8080]
 * </pre>
 */
@QuarkusMain
public final class ExampleApp {

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
    if (!ExampleKeys.given()) {
      // application.properties reads ${SESSIONS4J_KEYS}; a system property of that name stands in
      System.setProperty(ExampleKeys.ENV, ExampleKeys.devOnlyKey());
    }
    Quarkus.run(rest.toArray(String[]::new));
  }
}
