package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.ScriptedStore;
import jakarta.inject.Singleton;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations on Micronaut: the {@code sessions4j} management endpoint ends a logged-in client's
 * session (it is logged out on its next request), and the {@code sessions4j.*} meters count
 * scripted traffic, a store failure and a tampered cookie included.
 */
class OperationsTest {
  TestClient app;

  /** A registry the meters are bound to, as a Micronaut application's registry is. */
  @Factory
  @Requires(property = "spec.name", value = "OperationsTest")
  static class Registry {
    @Singleton
    SimpleMeterRegistry simpleMeterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  /** An application's ObservationRegistry (micronaut-micrometer-observation makes one), when the test asks. */
  @Factory
  @Requires(property = "spec.name", value = "OperationsTest")
  @Requires(property = "spec.observations", value = "true")
  static class Observations {
    @Singleton
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }
  }

  @AfterEach
  void stop() {
    app.close();
  }

  TestClient start(Map<String, Object> more) {
    Map<String, Object> properties = new java.util.HashMap<>(Map.of("spec.routes", "session",
        "sessions4j.principal-attribute", "user", "endpoints.sessions4j.sensitive", false));
    properties.putAll(more);
    return TestClient.start("OperationsTest", properties);
  }

  @Test
  void anAdministratorEndingASessionLogsItsClientOutOnTheNextRequest() {
    app = start(Map.of());
    String sid = cookie(app.get("/s/set?k=user&v=ada"), "sid");
    String other = cookie(app.get("/s/set?k=user&v=ada"), "sid");
    assertThat(app.get("/s/view", "Cookie", sid).body()).isEqualTo("{user=ada}");

    HttpResponse<String> listed = app.get("/sessions4j?username=ada");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    Matcher handle = Pattern.compile("\"handle\":\"([A-Za-z0-9_-]{22})\"").matcher(listed.body());
    assertThat(handle.find()).as(listed.body()).isTrue();
    String first = handle.group(1);

    HttpResponse<String> ended = app.send("DELETE", "/sessions4j/" + first + "?username=ada");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);
    assertThat(app.send("DELETE", "/sessions4j/" + first + "?username=ada").statusCode()).isEqualTo(404);

    // one of ada's two sessions ended: exactly one client is logged out
    String viewSid = app.get("/s/view", "Cookie", sid).body();
    String viewOther = app.get("/s/view", "Cookie", other).body();
    assertThat(viewSid + viewOther).containsOnlyOnce("{user=ada}").contains("{}");

    HttpResponse<String> all = app.send("DELETE", "/sessions4j?username=ada");
    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    assertThat(all.body()).contains("\"ended\":1");
    assertThat(app.get("/s/view", "Cookie", sid).body()).isEqualTo("{}");
    assertThat(app.get("/s/view", "Cookie", other).body()).isEqualTo("{}");
    assertThat(app.get("/sessions4j/count").body()).contains("\"count\":0");
  }

  @Test
  void theEndpointIsSensitiveByDefault() {
    app = start(Map.of("endpoints.sessions4j.sensitive", true));
    app.get("/s/set?k=user&v=ada");

    assertThat(app.get("/sessions4j?username=ada").statusCode()).isEqualTo(401);
    assertThat(app.send("DELETE", "/sessions4j?username=ada").statusCode()).isEqualTo(401);
  }

  @Test
  void theMetersCountTrafficAStoreFailureAndATamperedCookie() {
    app = start(Map.of("spec.store", "shaped", "sessions4j.store-failure-policy", "continue",
        "sessions4j.keys", "micronaut-ops-key-0123456789abcdef-xyz"));
    ScriptedStore store = app.context.getBean(ScriptedStore.class);
    SimpleMeterRegistry registry = app.context.getBean(SimpleMeterRegistry.class);

    String sid = cookie(app.get("/s/set?k=user&v=ada"), "sid");
    app.get("/s/view", "Cookie", sid);
    String tampered = sid.substring(0, sid.length() - 2) + (sid.endsWith("AA") ? "BB" : "AA");
    app.get("/s/view", "Cookie", tampered);
    store.fail(ScriptedStore.Op.GET);
    app.get("/s/view", "Cookie", sid);

    assertThat(registry.get("sessions4j.sessions.created").counter().count()).isEqualTo(1);
    assertThat(registry.get("sessions4j.ids.rejected").tag("reason", "bad_signature").counter().count()).isEqualTo(1);
    assertThat(registry.get("sessions4j.store.failures").tags("policy", "continue", "phase", "load").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("sessions4j.store.operations").tags("operation", "get", "outcome", "success").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("sessions4j.store.operations").tags("operation", "get", "outcome", "failure").timer().count())
        .isEqualTo(1);
  }

  @Test
  void withAnObservationRegistryStoreCallsAreObservationsWithoutCode() {
    app = start(Map.of("spec.store", "shaped", "spec.observations", true, "sessions4j.store-failure-policy", "continue",
        "sessions4j.keys", "micronaut-ops-key-0123456789abcdef-xyz"));
    ScriptedStore store = app.context.getBean(ScriptedStore.class);
    TestObservationRegistry registry = app.context.getBean(TestObservationRegistry.class);

    String sid = cookie(app.get("/s/set?k=user&v=ada"), "sid");
    app.get("/s/view", "Cookie", sid);
    store.fail(ScriptedStore.Op.GET);
    app.get("/s/view", "Cookie", sid);

    TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts)
        .extracting(c -> c.getContextualName() + " " + c.getLowCardinalityKeyValue("store").getValue()
            + (c.getError() == null ? " ok" : " error"))
        .containsExactly("sessions4j.store save scripted ok", "sessions4j.store get scripted ok",
            "sessions4j.store get scripted error"));
  }

  @Test
  void observationsCanBeTurnedOff() {
    app = start(Map.of("spec.store", "shaped", "spec.observations", true,
        "micrometer.observation.sessions4j.enabled", false));
    assertThat(app.context.getBean(SessionManager.class).store()).isSameAs(app.context.getBean(ScriptedStore.class));
  }
}
