package io.sessions4j.quarkus;

import static io.sessions4j.quarkus.AsyncStoreTest.sessionCookie;
import static io.sessions4j.quarkus.OperationsTest.app;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code sessions4j.keys} set, the id cookie is signed: a tampered one is counted as {@code
 * sessions4j.ids.rejected{reason=bad_signature}} (the meter to alert on), apart from ids that
 * name no session, by the meters the adapter binds by itself.
 */
@QuarkusTest
@TestProfile(SignedIdMetricsTest.SignedIds.class)
class SignedIdMetricsTest {

  public static class SignedIds implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sessions4j.keys", "quarkus-metrics-test-key-0123456789abcdef");
    }
  }

  @Inject
  SimpleMeterRegistry registry;

  @Test
  void aTamperedSignatureIsCountedApartFromAnUnknownId() throws Exception {
    double badSignature = rejected("bad_signature");
    double unknown = rejected("unknown");
    String sid = sessionCookie(app("/app/set?user=signed", null));
    String tampered = sid.substring(0, sid.length() - 2) + (sid.endsWith("AA") ? "BB" : "AA");

    assertThat(app("/app/view", tampered).body()).as("no session").isEqualTo("{}");
    assertThat(app("/app/view", sid).body()).isEqualTo("{\"user\":\"signed\"}");

    assertThat(rejected("bad_signature")).isEqualTo(badSignature + 1);
    assertThat(rejected("unknown")).isEqualTo(unknown);
  }

  double rejected(String reason) {
    var counter = registry.find("sessions4j.ids.rejected").tags("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }
}
