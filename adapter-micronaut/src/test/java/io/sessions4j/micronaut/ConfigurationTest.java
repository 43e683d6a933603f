package io.sessions4j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.PropertySource;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.http.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sessions4j.* properties, customizers and replacement beans. */
class ConfigurationTest {

  @Test
  void kebabAndCamelCasePropertiesConfigureTheManager() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "sessions4j.cookie-name", "app-sid",
        "sessions4j.maxAge", "2h",
        "sessions4j.same-site", "strict",
        "sessions4j.idle-timeout", "PT15M"))) {
      SessionConfig config = context.getBean(SessionManager.class).config();

      assertThat(config.cookieName()).isEqualTo("app-sid");
      assertThat(config.maxAge()).isEqualTo(Duration.ofHours(2));
      assertThat(config.sameSite()).isEqualTo(SameSite.STRICT);
      assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    }
  }

  @Test
  void nestedBlocksAndKeyListsBindAsInYaml() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("sessions4j", Map.of(
        "mode", "cookie",
        "keys", List.of("new-key-0123456789abcdef0123456789", "old-key-0123456789abcdef0123456789"),
        "cookie", Map.of("name", "yaml-sid"))))) {
      SessionConfig config = context.getBean(SessionManager.class).config();

      assertThat(config.mode()).isEqualTo(SessionMode.COOKIE);
      assertThat(config.cookieName()).isEqualTo("yaml-sid");
      assertThat(config.keys()).isNotNull();
    }
  }

  @Test
  void environmentVariablesBind() {
    try (ApplicationContext context = ApplicationContext.builder()
        .propertySources(PropertySource.of("env", Map.of(
            "SESSIONS4J_COOKIE_NAME", "env-sid",
            "SESSIONS4J_MAX_AGE", "45m"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
        .start()) {
      SessionConfig config = context.getBean(SessionManager.class).config();

      assertThat(config.cookieName()).isEqualTo("env-sid");
      assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(45));
    }
  }

  @Test
  void otherSessions4jEnvironmentVariablesAreNotOptionsAndAreIgnored() {
    try (ApplicationContext context = ApplicationContext.builder()
        .propertySources(PropertySource.of("env", Map.of(
            "SESSIONS4J_JDBC_URL", "jdbc:h2:mem:x",
            "SESSIONS4J_IDLE_TIMEOUT", "10m"), PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
        .start()) {
      assertThat(context.getBean(SessionManager.class).config().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }
  }

  @Test
  void aBadValueInAnEnvironmentVariableStopsTheApplication() {
    assertThatThrownBy(() -> ApplicationContext.builder()
        .propertySources(PropertySource.of("env", Map.of("SESSIONS4J_MAX_AGE", "soon"),
            PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
        .start())
        .hasStackTraceContaining("Invalid value for session option 'max");
  }

  @Test
  void cookieModeWithoutKeysStopsTheApplicationAtStartupNamingTheOption() {
    assertThatThrownBy(() -> ApplicationContext.run(Map.of("sessions4j.mode", "cookie")))
        .hasStackTraceContaining("Invalid sessions4j configuration")
        .hasStackTraceContaining("keys");
  }

  @Test
  void anUnknownOptionStopsTheApplicationAtStartupNamingIt() {
    assertThatThrownBy(() -> ApplicationContext.run(Map.of("sessions4j.max-agee", "30m")))
        .hasStackTraceContaining("Unknown session option 'max-agee'");
  }

  @Test
  void aBadValueStopsTheApplicationAtStartupNamingTheOption() {
    assertThatThrownBy(() -> ApplicationContext.run(Map.of("sessions4j.max-age", "soon")))
        .hasStackTraceContaining("Invalid value for session option 'max-age'");
  }

  @Test
  void customizersAdjustTheConfigurationAfterTheProperties() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "spec.name", "customizer", "sessions4j.cookie-name", "from-properties"))) {
      SessionConfig config = context.getBean(SessionManager.class).config();

      assertThat(config.cookieName()).isEqualTo("from-properties");
      assertThat(config.principalAttribute()).isEqualTo("user");
    }
  }

  @Test
  void anApplicationSessionManagerReplacesTheDefaultOne() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("spec.name", "own-manager"))) {
      SessionManager own = context.getBean(SessionManager.class);

      assertThat(own.config().cookieName()).isEqualTo("own");
      assertThat(context.getBean(SessionFilter.class).manager()).isSameAs(own);
    }
  }

  @Test
  void anApplicationSessionConfigReplacesTheOneFromProperties() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("spec.name", "own-config"))) {
      assertThat(context.getBean(SessionManager.class).config().cookieName()).isEqualTo("own-config");
    }
  }

  @Factory
  @Requires(property = "spec.name", value = "own-config")
  static class OwnConfig {
    @Singleton
    SessionConfig config() {
      return SessionConfig.builder().cookieName("own-config").build();
    }
  }

  @Factory
  @Requires(property = "spec.name", value = "customizer")
  static class Customizer {
    @Singleton
    SessionConfigCustomizer principal() {
      return builder -> builder.principalAttribute("user");
    }
  }

  @Factory
  @Requires(property = "spec.name", value = "own-manager")
  static class OwnManager {
    @Singleton
    SessionManager manager() {
      return SessionManager.create(SessionConfig.builder().cookieName("own").build());
    }
  }
}
