package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.compat.node.ExpressSessionCookie;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.config.SessionOptions;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compat=express-session: the engine reads and writes express-session's id cookie. */
class ExpressCompatEngineTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
  final MemoryStore store = MemoryStore.builder().clock(clock).build();

  SessionManager manager(String... secrets) {
    return SessionManager.create(SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION).compatSecrets(secrets)
        .maxAge(Duration.ofHours(1)).store(store).clock(clock).build());
  }

  static TestExchange request(SessionManager m, String cookieHeader, java.util.function.Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookieHeader);
    Session s = m.load(ex).toCompletableFuture().join();
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  /** The value of the connect.sid cookie a response sets. */
  static String value(TestExchange ex) {
    String pair = ex.sessionCookie("connect.sid");
    return pair == null ? null : pair.substring("connect.sid=".length());
  }

  @Test
  void newSessionGetsConnectSidSignedWithTheFirstSecretAsExpressSessionWritesIt() {
    SessionManager m = manager("keyboard cat", "old");
    TestExchange ex = request(m, null, s -> s.put("user", "ada"));
    String header = ex.setCookies().get(0);
    String value = value(ex);
    ExpressSessionCookie.Verified verified = ExpressSessionCookie.unsign(value, List.of("keyboard cat"));
    assertThat(verified).isNotNull();
    assertThat(verified.id()).hasSize(32).matches("[A-Za-z0-9_-]+");
    assertThat(header).isEqualTo("connect.sid=" + value + "; Path=/; Expires=Sun, 06 Dec 2026 18:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void cookieSignedByTheNodeAppLoadsTheSession() {
    SessionManager m = manager("keyboard cat");
    String nodeCookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("connect.sid");
    assertThat(request(m, nodeCookie, s -> assertThat(s.get("user")).isEqualTo("ada")).setCookies()).isEmpty();
  }

  @Test
  void idSignedWithAnOlderSecretIsAcceptedAndResentSignedWithTheFirst() {
    SessionManager old = manager("old");
    String oldValue = value(request(old, null, s -> s.put("user", "ada")));
    String id = ExpressSessionCookie.unsign(oldValue, List.of("old")).id();

    SessionManager rotated = manager("new", "old");
    TestExchange ex = request(rotated, "connect.sid=" + oldValue, s -> assertThat(s.get("user")).isEqualTo("ada"));
    assertThat(value(ex)).isEqualTo(ExpressSessionCookie.cookieValue(id, "new"));
  }

  @Test
  void tamperedOrUnsignedCookieStartsAFreshSession() {
    SessionManager m = manager("keyboard cat");
    String value = value(request(m, null, s -> s.put("user", "ada")));
    String forged = ExpressSessionCookie.cookieValue(ExpressSessionCookie.unsign(value, List.of("keyboard cat")).id(), "guess");
    for (String cookie : List.of(forged, "s%3Ashort.sig", "plain-id-0123456789abcdef", "%E0%A4%A")) {
      request(m, "connect.sid=" + cookie, s -> {
        assertThat(s.isNew()).as(cookie).isTrue();
        assertThat(s.get("user")).isNull();
      });
    }
  }

  @Test
  void compatIsConfiguredFromStringsLikeEveryOption() {
    SessionConfig config = SessionProperties.toBuilder(Map.of("compat", "express-session",
        "compatSecrets", "[\"keyboard cat\", \"old, with comma\"]")).build();
    assertThat(config.compat()).isEqualTo(NodeCompat.EXPRESS_SESSION);
    assertThat(config.compatSecrets()).containsExactly("keyboard cat", "old, with comma");
    assertThat(config.cookieName()).isEqualTo("connect.sid");
    assertThat(SessionProperties.toBuilder(Map.of("compat", "express-session", "compatSecrets", "keyboard cat"))
        .build().compatSecrets()).containsExactly("keyboard cat");
    assertThat(config.toString()).doesNotContain("keyboard");
    assertThat(SessionOptions.COMPAT.defaultValue()).isNull();
  }

  @Test
  void misconfiguredCompatFailsAtStartupSayingWhatToChange() {
    assertThatThrownBy(() -> SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION).build())
        .hasMessageContaining("compatSecrets");
    assertThatThrownBy(() -> SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION).compatSecrets("s")
        .mode(SessionMode.COOKIE).keys("cookie-key-0123456789abcdef-0123456789").build())
        .hasMessageContaining("mode=STORE");
    assertThatThrownBy(() -> SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION).compatSecrets("s")
        .keys("cookie-key-0123456789abcdef-0123456789").build())
        .hasMessageContaining("keys are not used");
    assertThatThrownBy(() -> SessionConfig.builder().compatSecrets("s").build())
        .hasMessageContaining("only used with compat");
    assertThatThrownBy(() -> SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION).compatSecrets("").build())
        .hasMessageContaining("compatSecrets[0] is empty");
  }

  @Test
  void withCompatOffTheEngineKeepsItsOwnCookie() {
    SessionManager m = SessionManager.create(SessionConfig.builder().store(store).clock(clock).build());
    TestExchange ex = request(m, null, s -> s.put("user", "ada"));
    assertThat(ex.sessionCookie("sid")).isNotNull();
    assertThat(ex.sessionCookie("connect.sid")).isNull();
  }
}
