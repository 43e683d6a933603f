package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.sessions4j.core.SessionTrace;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision trace through Helidon: switched on in Helidon {@code Config} ({@code trace},
 * {@code trace-header}), in the request context for the handler, and in the {@code
 * Sessions4j-Trace} response header.
 */
class SessionTraceTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    Config config = Config.just(ConfigSources.create(Map.of(
        "sessions4j.keys", "helidon-trace-test-key-0123456789abcdef",
        "sessions4j.trace", "true",
        "sessions4j.trace-header", "true")));
    server = TestServer.start(SessionFeature.create(config.get("sessions4j")), routing -> routing
        .get("/cart", (req, res) -> {
          Sessions.of(req).put("cart", "apple");
          SessionTrace trace = Sessions.trace(req).orElseThrow();
          res.send(String.valueOf(trace == req.context().get(SessionTrace.class).orElse(null))
              + "\n" + trace.summary());
        }));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theHandlerSeesThePlannedCommitAndTheHeaderWhatWasDone() throws Exception {
    HttpResponse<String> cart = server.get("/cart");

    assertThat(cart.body()).startsWith("true\n")
        .contains("commit (planned): store write (new record), Set-Cookie: new session with data");
    assertThat(cart.headers().firstValue(SessionTrace.HEADER)).get().asString()
        .contains("commit: store written (new record), Set-Cookie sent: new session with data");
  }
}
