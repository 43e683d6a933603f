package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.testing.ScriptedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations on Helidon: the {@link SessionsObserver} at {@code /observe/sessions4j} ends a
 * logged-in client's session (logged out on its next request), and the {@code sessions4j.*}
 * meters, bound to Helidon's Micrometer-backed metrics, count scripted traffic, a store failure and
 * a tampered cookie included.
 */
class OperationsTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ScriptedStore STORE = ScriptedStore.over(MemoryStore.builder().build());
  static WebServer server;
  static SessionFeature sessions;
  static SessionMetrics metrics;

  @BeforeAll
  static void start() {
    sessions = SessionFeature.create(SessionConfig.builder().keys("helidon-ops-key-0123456789abcdef-xyz")
        .store(STORE).principalAttribute("user").storeFailurePolicy(StoreFailurePolicy.CONTINUE).build());
    metrics = HelidonSessionMetrics.bind(sessions.manager());
    HttpRouting.Builder routing = HttpRouting.builder().addFeature(sessions)
        .get("/login", (req, res) -> {
          Session session = Sessions.of(req);
          session.put("user", req.query().first("user").orElseThrow());
          session.changeId();
          res.send("ok");
        })
        .get("/user", (req, res) -> res.send(String.valueOf(Sessions.of(req).get("user"))));
    server = WebServer.builder().host("127.0.0.1").port(0)
        .addFeature(ObserveFeature.just(SessionsObserver.create(sessions.manager())))
        .routing(routing).build().start();
  }

  @AfterAll
  static void stop() {
    metrics.close();
    server.stop();
  }

  static HttpResponse<String> send(String method, String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String logIn(String user) throws Exception {
    return TestServer.cookie(send("GET", "/login?user=" + user, null), "sid");
  }

  @Test
  void anAdministratorEndingASessionLogsItsClientOutOnTheNextRequest() throws Exception {
    String sid = logIn("ada");
    assertThat(send("GET", "/user", sid).body()).isEqualTo("ada");

    HttpResponse<String> listed = send("GET", "/observe/sessions4j?username=ada", null);
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    Matcher handle = Pattern.compile("\"handle\":\"([A-Za-z0-9_-]{22})\"").matcher(listed.body());
    assertThat(handle.find()).as(listed.body()).isTrue();

    HttpResponse<String> ended = send("DELETE", "/observe/sessions4j/" + handle.group(1) + "?username=ada", null);
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);

    assertThat(send("GET", "/user", sid).body()).as("logged out").isEqualTo("null");
    assertThat(send("DELETE", "/observe/sessions4j/" + handle.group(1) + "?username=ada", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void endingAllOfAUsersSessionsAndCounting() throws Exception {
    String first = logIn("grace");
    String second = logIn("grace");

    HttpResponse<String> ended = send("DELETE", "/observe/sessions4j?username=grace", null);

    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(ended.body()).contains("\"ended\":2");
    assertThat(send("GET", "/user", first).body()).isEqualTo("null");
    assertThat(send("GET", "/user", second).body()).isEqualTo("null");
    assertThat(send("GET", "/observe/sessions4j/count", null).body()).contains("\"count\":");
    assertThat(send("GET", "/observe/sessions4j", null).statusCode()).as("username is required").isEqualTo(400);
  }

  @Test
  void theMetersCountTrafficAStoreFailureAndATamperedCookie() throws Exception {
    MeterRegistry registry = io.helidon.metrics.api.Metrics.globalRegistry().unwrap(MeterRegistry.class);
    double created = registry.get("sessions4j.sessions.created").counter().count();
    String sid = logIn("linus");
    String tampered = sid.substring(0, sid.length() - 2) + (sid.endsWith("AA") ? "BB" : "AA");
    send("GET", "/user", tampered);
    STORE.fail(ScriptedStore.Op.GET);
    try {
      assertThat(send("GET", "/user", sid).body()).as("policy CONTINUE: a fresh session").isEqualTo("null");
    } finally {
      STORE.recover();
    }

    assertThat(registry.get("sessions4j.sessions.created").counter().count()).isEqualTo(created + 1);
    assertThat(registry.get("sessions4j.ids.rejected").tag("reason", "bad_signature").counter().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(registry.get("sessions4j.store.failures").tags("policy", "continue", "phase", "load").counter()
        .count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("sessions4j.store.operations").tags("operation", "save", "outcome", "success").timer()
        .count()).isPositive();
  }
}
