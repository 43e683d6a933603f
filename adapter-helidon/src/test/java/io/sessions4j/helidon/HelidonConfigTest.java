package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.sessions4j.core.CookieProtection;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sessions4j} node of Helidon configuration, with the option names every adapter uses. */
class HelidonConfigTest {

  static Config yaml(String resource) {
    return Config.just(ConfigSources.classpath(resource));
  }

  static Config inline(Map<String, String> values) {
    return Config.just(ConfigSources.create(values));
  }

  @Test
  void yamlNodeWithAKeyListAndNestedCookieNamesConfiguresTheSessions() {
    SessionConfig config = HelidonSessionConfig.create(yaml("sessions-cookie.yaml").get("sessions4j"));

    assertThat(config.mode()).isEqualTo(SessionMode.COOKIE);
    assertThat(config.cookieProtection()).isEqualTo(CookieProtection.SIGNED);
    assertThat(config.keys().size()).isEqualTo(2);
    assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.cookieName()).isEqualTo("app-session");
    assertThat(config.cookiePath()).isEqualTo("/app");
    assertThat(config.rolling()).isTrue();
  }

  @Test
  void featureFromConfigServesCookiesWithTheConfiguredName() throws Exception {
    SessionFeature sessions = SessionFeature.create(yaml("sessions-cookie.yaml").get("sessions4j"));
    try (TestServer server = TestServer.start(sessions, routing -> routing
        .get("/app/set", (req, res) -> {
          Sessions.of(req).put("a", "1");
          res.send("ok");
        }))) {
      HttpResponse<String> r = server.get("/app/set");
      assertThat(TestServer.cookie(r, "app-session")).isNotNull();
      assertThat(r.headers().allValues("Set-Cookie")).anyMatch(h -> h.contains("Path=/app"));
    }
  }

  @Test
  void camelCaseAndKebabCaseNamesBothWork() {
    SessionConfig config = HelidonSessionConfig.create(inline(Map.of(
        "sessions4j.cookieName", "camel",
        "sessions4j.save-uninitialized", "true")).get("sessions4j"));

    assertThat(config.cookieName()).isEqualTo("camel");
    assertThat(config.saveUninitialized()).isTrue();
  }

  @Test
  void missingNodeGivesTheDefaults() {
    SessionConfig config = HelidonSessionConfig.create(inline(Map.of("server.port", "0")).get("sessions4j"));

    assertThat(config.mode()).isEqualTo(SessionMode.STORE);
    assertThat(config.cookieName()).isEqualTo("sid");
  }

  @Test
  void badValueFailsAtStartupNamingTheOption() {
    Config node = inline(Map.of("sessions4j.max-age", "soon")).get("sessions4j");

    assertThatThrownBy(() -> SessionFeature.create(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions4j")
        .hasMessageContaining("'max-age'")
        .hasMessageContaining("soon");
  }

  @Test
  void unknownOptionFailsAtStartupNamingIt() {
    Config node = inline(Map.of("sessions4j.cookie-nmae", "x")).get("sessions4j");

    assertThatThrownBy(() -> SessionFeature.create(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cookie-nmae'");
  }

  @Test
  void cookieModeWithoutKeysFailsAtStartupNamingKeys() {
    Config node = inline(Map.of("sessions4j.mode", "cookie")).get("sessions4j");

    assertThatThrownBy(() -> SessionFeature.create(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys");
  }

  @Test
  void keysNeverAppearInErrorMessages() {
    Config node = inline(Map.of("sessions4j.keys", "too-short-secret")).get("sessions4j");

    assertThatThrownBy(() -> SessionFeature.create(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys")
        .hasMessageNotContaining("too-short-secret");
  }
}
