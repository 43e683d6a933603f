package io.sessions4j.quarkus;

import static io.sessions4j.quarkus.AsyncStoreTest.sessionCookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.quarkus.app.MetricsProducer;
import io.sessions4j.testing.ScriptedStore;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations on Quarkus: the sessions4j routes of the management interface end a logged-in
 * client's session (it is logged out on its next request); the {@code sessions4j.*} meters, which
 * the adapter binds by itself (the application has quarkus-micrometer and a registry, no sessions4j
 * metrics code), count scripted traffic, a store failure and a tampered cookie included; and every
 * store call is an Observation (the application has an {@code ObservationRegistry} bean).
 */
@QuarkusTest
class OperationsTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject
  ScriptedStore store;

  @Inject
  SimpleMeterRegistry registry;

  @AfterEach
  void recover() {
    store.recover();
  }

  static HttpResponse<String> app(String path, String cookie) throws Exception {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> admin(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(management.toURI().resolve(path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdministratorEndingASessionLogsItsClientOutOnTheNextRequest() throws Exception {
    String sid = sessionCookie(app("/app/set?user=quarkus-ada", null));
    assertThat(app("/app/view", sid).body()).isEqualTo("{\"user\":\"quarkus-ada\"}");

    HttpResponse<String> listed = admin("GET", "/q/sessions4j?username=quarkus-ada");
    assertThat(listed.statusCode()).as(listed.uri() + " " + listed.body()).isEqualTo(200);
    Matcher handle = Pattern.compile("\"handle\":\"([A-Za-z0-9_-]{22})\"").matcher(listed.body());
    assertThat(handle.find()).as(listed.body()).isTrue();

    HttpResponse<String> ended = admin("DELETE", "/q/sessions4j/" + handle.group(1) + "?username=quarkus-ada");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);

    assertThat(app("/app/view", sid).body()).as("logged out").isEqualTo("{}");
    assertThat(admin("DELETE", "/q/sessions4j/" + handle.group(1) + "?username=quarkus-ada").statusCode()).isEqualTo(404);
  }

  @Test
  void endingAllOfAUsersSessionsAndCounting() throws Exception {
    String first = sessionCookie(app("/app/set?user=quarkus-grace", null));
    String second = sessionCookie(app("/app/set?user=quarkus-grace", null));
    assertThat(admin("GET", "/q/sessions4j/count").body()).contains("\"count\":");

    HttpResponse<String> ended = admin("DELETE", "/q/sessions4j?username=quarkus-grace");

    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
    assertThat(ended.body()).contains("\"ended\":2");
    assertThat(app("/app/view", first).body()).isEqualTo("{}");
    assertThat(app("/app/view", second).body()).isEqualTo("{}");
    assertThat(admin("GET", "/q/sessions4j").statusCode()).as("username is required").isEqualTo(400);
  }

  @Test
  void theMetersCountTrafficAStoreFailureAndATamperedCookie() throws Exception {
    double created = count("sessions4j.sessions.created", "store", "scripted");
    double unknown = count("sessions4j.ids.rejected", "reason", "unknown");
    double failures = count("sessions4j.store.failures", "policy", "fail", "phase", "load");
    long getFailures = timerCount("sessions4j.store.operations", "operation", "get", "outcome", "failure");
    long saves = timerCount("sessions4j.store.operations", "operation", "save", "outcome", "success");

    String sid = sessionCookie(app("/app/set?k=v", null));
    String tampered = sid.substring(0, sid.length() - 2) + (sid.endsWith("AA") ? "BB" : "AA");
    app("/app/view", tampered);
    store.fail(ScriptedStore.Op.GET);
    assertThat(app("/app/view", sid).statusCode()).isEqualTo(503);

    assertThat(count("sessions4j.sessions.created", "store", "scripted")).as("the store tag names the store")
        .isEqualTo(created + 1);
    assertThat(count("sessions4j.ids.rejected", "reason", "unknown")).as("the tampered id names no session")
        .isEqualTo(unknown + 1);
    assertThat(count("sessions4j.store.failures", "policy", "fail", "phase", "load")).isEqualTo(failures + 1);
    assertThat(timerCount("sessions4j.store.operations", "operation", "get", "outcome", "failure"))
        .isEqualTo(getFailures + 1);
    assertThat(timerCount("sessions4j.store.operations", "operation", "save", "outcome", "success"))
        .as("the new session's write").isEqualTo(saves + 1);
  }

  @Test
  void everyStoreCallIsAnObservationWithItsFailure() throws Exception {
    MetricsProducer.OBSERVED.clear();
    String sid = sessionCookie(app("/app/set?k=v", null));
    assertThat(MetricsProducer.OBSERVED).as("the new session's write").contains("sessions4j.store save ok");

    store.fail(ScriptedStore.Op.GET);
    assertThat(app("/app/view", sid).statusCode()).isEqualTo(503);

    assertThat(MetricsProducer.OBSERVED).contains("sessions4j.store get SessionStoreException");
    assertThat(String.join("\n", MetricsProducer.OBSERVED)).as("never a session id")
        .doesNotContain(sid.substring(sid.indexOf('=') + 1));
  }

  double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  long timerCount(String name, String... tags) {
    var timer = registry.find(name).tags(tags).timer();
    return timer == null ? 0 : timer.count();
  }
}
