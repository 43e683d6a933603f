package io.sessions4j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionTrace;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision trace through Micronaut: switched on by {@code sessions4j.trace} / {@code
 * sessions4j.trace-header} properties, the request attribute {@value SessionTrace#REQUEST_ATTRIBUTE}
 * ({@code Sessions.trace(request)}) for the route, and the {@code Sessions4j-Trace} response header.
 */
class SessionTraceTest {
  static TestClient app;

  @BeforeAll
  static void start() {
    app = TestClient.start("SessionTraceTest", Map.of("spec.routes", "session",
        "sessions4j.trace", "true", "sessions4j.trace-header", "true"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theRouteSeesThePlannedCommitAndTheHeaderWhatWasDone() {
    HttpResponse<String> cart = app.get("/s/trace");

    assertThat(cart.body()).startsWith("true\n")
        .contains("commit (planned): store write (new record), Set-Cookie: new session with data");
    assertThat(cart.headers().firstValue(SessionTrace.HEADER)).get().asString()
        .contains("commit: store written (new record), Set-Cookie sent: new session with data");
  }
}
