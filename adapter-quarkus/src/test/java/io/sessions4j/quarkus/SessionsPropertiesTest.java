package io.sessions4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sessions4j.*} properties as the adapter hands them to the core. */
class SessionsPropertiesTest {

  @Test
  void kebabCaseAndCamelCaseNamesBothConfigureTheEngine() {
    SessionConfig config = SessionsProducer.build(SessionsProducer.fromProperties(Map.of(
        "mode", "cookie", "keys", "a-secret-key-of-at-least-32-bytes!!", "max-age", "30m", "cookieName", "app")));
    assertThat(config.mode()).isEqualTo(SessionMode.COOKIE);
    assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.cookieName()).isEqualTo("app");
  }

  @Test
  void badValueFailsNamingTheProperty() {
    assertThatThrownBy(() -> SessionsProducer.fromProperties(Map.of("max-age", "banana")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions4j")
        .hasMessageContaining("'max-age'");
  }

  @Test
  void unknownPropertyFailsNamingIt() {
    assertThatThrownBy(() -> SessionsProducer.fromProperties(Map.of("cookie-colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cookie-colour'");
  }

  @Test
  void cookieModeWithoutKeysFailsNamingKeys() {
    assertThatThrownBy(() -> SessionsProducer.build(SessionsProducer.fromProperties(Map.of("mode", "cookie"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions4j")
        .hasMessageContaining("keys");
  }

  @Test
  void theMetricsAndTracingSwitchesAreNotEngineOptions() {
    Map<String, String> options = Map.of("max-age", "30m", "metrics.enabled", "false", "tracing.enabled", "false",
        "redis.key-prefix", "app:");
    assertThat(SessionsProducer.engineOptions(options)).containsOnlyKeys("max-age");
    assertThat(SessionsObservability.enabled(options, SessionsObservability.METRICS_ENABLED)).isFalse();
    assertThat(SessionsObservability.enabled(Map.of(), SessionsObservability.TRACING_ENABLED)).as("on by default")
        .isTrue();
  }

  @Test
  void aSwitchThatIsNotABooleanFailsNamingTheProperty() {
    assertThatThrownBy(() -> SessionsObservability.enabled(Map.of("metrics.enabled", "yes"), "metrics.enabled"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sessions4j.metrics.enabled'")
        .hasMessageContaining("true or false");
  }

  @Test
  void aMisspeltSwitchIsAnUnknownOption() {
    assertThatThrownBy(() -> SessionsProducer.fromProperties(
        SessionsProducer.engineOptions(Map.of("metrics.enable", "false"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'metrics.enable'");
  }
}
