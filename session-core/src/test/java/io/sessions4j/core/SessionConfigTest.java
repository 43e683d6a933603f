package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.config.ConfigTree;
import io.sessions4j.core.http.SameSite;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configuration is validated when built, with messages naming the option to change. */
class SessionConfigTest {
  static final String KEY = "config-test-key-0123456789abcdef-xyz";

  @Test
  void decorateStoreWrapsTheStoreChosenSoFar() {
    io.sessions4j.core.store.memory.MemoryStore chosen = io.sessions4j.core.store.memory.MemoryStore.builder().build();
    io.sessions4j.testing.ScriptedStore wrapper = io.sessions4j.testing.ScriptedStore.over(chosen);
    java.util.List<Object> seen = new java.util.ArrayList<>();

    SessionConfig config = SessionConfig.builder().keys(KEY).store(chosen)
        .decorateStore(store -> {
          seen.add(store);
          return wrapper;
        }).build();

    assertThat(seen).containsExactly(chosen);
    assertThat(config.store()).isSameAs(wrapper);
    assertThat(SessionConfig.builder().keys(KEY).decorateStore(store -> store).build().store())
        .as("no store chosen: the decorator is given null and the engine keeps its own").isNull();
  }

  @Test
  void defaultsAreTheSafeOnes() {
    SessionConfig c = SessionConfig.builder().build();
    assertThat(c.mode()).isEqualTo(SessionMode.STORE);
    assertThat(c.saveUninitialized()).isFalse();
    assertThat(c.resave()).isFalse();
    assertThat(c.httpOnly()).isTrue();
    assertThat(c.sameSite()).isEqualTo(SameSite.LAX);
    assertThat(c.cookieProtection()).isEqualTo(CookieProtection.ENCRYPTED);
    assertThat(c.store()).as("no store given: the engine chooses its memory store").isNull();
    assertThat(c.toString()).contains("store=MemoryStore");
  }

  @Test
  void withoutAStoreTheEngineKeepsSessionsInItsOwnMemoryStore() {
    try (SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).build())) {
      String cookie = StoreModeEngineTest.request(m, null, s -> s.put("n", 1)).sessionCookie("sid");
      assertThat(cookie).isNotNull();
      StoreModeEngineTest.request(m, cookie, s -> assertThat(s.get("n", Integer.class)).isEqualTo(1));
    }
  }

  @Test
  void cookieModeWithoutKeysIsRefusedNamingTheOption() {
    assertThatThrownBy(() -> SessionConfig.builder().mode(SessionMode.COOKIE).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
  }

  @Test
  void shortSecretIsRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().keys("too-short").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys")
        .hasMessageNotContaining("too-short");
  }

  @Test
  void sameSiteNoneWithoutSecureIsRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().sameSite(SameSite.NONE).secure(SessionConfig.Secure.NEVER).build())
        .hasMessageContaining("sameSite=NONE requires Secure");
  }

  @Test
  void hostPrefixedCookieNeedsSecureAndRootPath() {
    assertThatThrownBy(() -> SessionConfig.builder().cookieName("__Host-sid").build())
        .hasMessageContaining("__Host-");
    assertThat(SessionConfig.builder().cookieName("__Host-sid").secure(SessionConfig.Secure.ALWAYS).build()
        .cookieName()).isEqualTo("__Host-sid");
  }

  @Test
  void invalidCookieNameIsRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().cookieName("my sid").build()).hasMessageContaining("cookieName");
  }

  @Test
  void nonPositiveDurationsAreRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().maxAge(Duration.ZERO).build()).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("idleTimeout");
  }

  @Test
  void absoluteShorterThanIdleIsRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().idleTimeout(Duration.ofMinutes(10))
        .absoluteTimeout(Duration.ofMinutes(5)).build()).hasMessageContaining("absoluteTimeout");
  }

  @Test
  void headerOnlyIdNeedsAHeader() {
    assertThatThrownBy(() -> SessionConfig.builder().idCookie(false).build()).hasMessageContaining("idHeader");
  }

  @Test
  void resaveInCookieModeIsRefused() {
    assertThatThrownBy(() -> SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).resave(true).build())
        .hasMessageContaining("resave");
  }

  @Test
  void toStringNeverShowsTheKeys() {
    assertThat(SessionConfig.builder().keys(KEY).build().toString()).doesNotContain(KEY).contains("keys=1");
  }

  @Test
  void stringOptionsBindWithEitherNamingStyle() {
    SessionConfig c = SessionProperties.toBuilder(Map.of(
        "mode", "cookie", "keys", KEY, "cookie-name", "app_session", "maxAge", "30m",
        "idle_timeout", "PT5M", "same-site", "strict", "rolling", "true")).build();
    assertThat(c.mode()).isEqualTo(SessionMode.COOKIE);
    assertThat(c.cookieName()).isEqualTo("app_session");
    assertThat(c.maxAge()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.sameSite()).isEqualTo(SameSite.STRICT);
    assertThat(c.rolling()).isTrue();
  }

  @Test
  void unknownStringOptionIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> SessionProperties.toBuilder(Map.of("maxage", "1")))
        .hasMessageContaining("Unknown session option 'maxage'").hasMessageContaining("maxAge");
  }

  @Test
  void harnessEnvironmentVariablesMappedIntoTheConfigAreNotMistakenForOptions() {
    Map<String, String> mapped = Map.of("jdbc.url", "jdbc:h2:mem:x", "redis-uri", "redis://x", "keys", KEY);
    Set<String> environment = Set.of("SESSIONS4J_JDBC_URL", "SESSIONS4J_REDIS_URI", "SESSIONS4J_KEYS");
    SessionConfig c = SessionProperties.toBuilder(ConfigTree.withoutOtherToolsVariables(mapped, environment)).build();
    assertThat(c.keys().size()).isEqualTo(1);
  }

  @Test
  void aNameThatIsNoOptionAndNoEnvironmentVariableIsStillRefused() {
    assertThatThrownBy(() -> SessionProperties.toBuilder(
        ConfigTree.withoutOtherToolsVariables(Map.of("jdbc.url", "jdbc:h2:mem:x"), Set.of("SESSIONS4J_REDIS_URI"))))
        .hasMessageContaining("Unknown session option 'jdbc.url'");
  }

  @Test
  void badStringValueNamesTheOptionButNeverEchoesKeys() {
    assertThatThrownBy(() -> SessionProperties.toBuilder(Map.of("rolling", "sometimes")))
        .hasMessageContaining("'rolling'").hasMessageContaining("true or false");
    assertThatThrownBy(() -> SessionProperties.toBuilder(Map.of("keys", "shh-short")).build())
        .hasMessageNotContaining("shh-short");
  }
}
