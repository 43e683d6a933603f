package io.sessions4j.quarkus;

import static io.sessions4j.quarkus.AsyncStoreTest.sessionCookie;
import static io.sessions4j.quarkus.OperationsTest.app;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.sessions4j.quarkus.app.MetricsProducer;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code sessions4j.metrics.enabled=false} and {@code sessions4j.tracing.enabled=false}: with
 * quarkus-micrometer, a registry and an {@code ObservationRegistry} in the application, sessions
 * are neither counted nor observed.
 */
@QuarkusTest
@TestProfile(MetricsOffTest.Off.class)
class MetricsOffTest {

  public static class Off implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sessions4j.metrics.enabled", "false", "sessions4j.tracing.enabled", "false");
    }
  }

  @Inject
  SimpleMeterRegistry registry;

  @Test
  void sessionsAreNeitherCountedNorObserved() throws Exception {
    MetricsProducer.OBSERVED.clear();

    String sid = sessionCookie(app("/app/set?user=off", null));
    assertThat(app("/app/view", sid).body()).isEqualTo("{\"user\":\"off\"}");

    // Micrometer's global composite outlives an application started earlier in this JVM, whose
    // meters it still lists (at zero, their binder closed when it stopped): nothing counted here.
    assertThat(registry.find("sessions4j.sessions.created").counters()).extracting(Counter::count)
        .allMatch(count -> count == 0);
    assertThat(registry.find("sessions4j.store.operations").timers()).allMatch(timer -> timer.count() == 0);
    assertThat(MetricsProducer.OBSERVED).isEmpty();
  }
}
