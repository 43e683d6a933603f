package io.sessions4j.quarkus.redis.app;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test application run as a command (for {@code RestartedInstanceTest}): once started — HTTP
 * server, session filter, Redis store — it sends one request to its own {@code /count}, with the
 * cookie given as the argument if any, prints {@code COOKIE <sid=…>} and {@code BODY <json>}, and
 * exits. Each launch is a new application instance with its own engine and Redis connection.
 * {@code @QuarkusTest}s start the application without running this.
 */
@QuarkusMain
public class VisitMain implements QuarkusApplication {
  @Override
  public int run(String... args) throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/count"))
        .timeout(Duration.ofSeconds(30));
    if (args.length > 0) {
      request.header("Cookie", args[0]);
    }
    HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
    response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .forEach(c -> System.out.println("COOKIE " + c));
    System.out.println("BODY " + response.body());
    return response.statusCode() == 200 ? 0 : 1;
  }
}
