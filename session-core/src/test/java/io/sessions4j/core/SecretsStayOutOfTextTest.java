package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, secrets in logs: whatever may end up in a log line — {@code toString()} of the
 * configuration, key ring, sessions, stored records and stores, and exception messages — never
 * holds a key (as given, base64 or hex) or a full session id.
 */
class SecretsStayOutOfTextTest {
  static final String KEY = "text-test-key-0123456789abcdef-0123456789";
  static final String OLD_KEY = "text-test-old-key-0123456789abcdef-012345";

  static AbstractStringAssert<?> assertNoKeys(String text) {
    AbstractStringAssert<?> a = assertThat(text);
    for (String key : List.of(KEY, OLD_KEY)) {
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      a.doesNotContain(key)
          .doesNotContain(Base64.getEncoder().encodeToString(bytes))
          .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
          .doesNotContain(HexFormat.of().formatHex(bytes))
          .doesNotContain(HexFormat.of().withUpperCase().formatHex(bytes));
    }
    return a;
  }

  @Test
  void configurationsAndKeyRingsNeverShowTheirKeys() {
    for (SessionMode mode : SessionMode.values()) {
      for (CookieProtection protection : CookieProtection.values()) {
        SessionConfig config = SessionConfig.builder().mode(mode).cookieProtection(protection).keys(KEY, OLD_KEY).build();
        assertNoKeys(config.toString()).contains("keys=2");
      }
    }
    KeyRing ring = KeyRing.fromSecrets(List.of(KEY, OLD_KEY));
    assertNoKeys(ring.toString()).contains("2 keys");
    KeyRing fromBytes = KeyRing.fromBytes(List.of(KEY.getBytes(StandardCharsets.UTF_8)));
    assertNoKeys(fromBytes.toString());
  }

  @Test
  void tooShortKeysAreRefusedWithoutQuotingThem() {
    String shortKey = "short-secret-0123";
    assertThatThrownBy(() -> SessionConfig.builder().keys(shortKey).build())
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("keys").doesNotContain(shortKey));
  }

  @Test
  void sessionsStoredRecordsAndStoresShowAtMostAShortenedId() {
    MemoryStore store = MemoryStore.builder().build();
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).build());
    TestExchange first = TestExchange.withCookieHeader(null);
    Session session = savedSession(manager, first);
    String cookie = first.sessionCookie("sid");
    String id = session.id();
    assertThat(id).hasSizeGreaterThan(16);

    Session loaded = manager.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
    assertThat(loaded.id()).isEqualTo(id);
    for (String text : List.of(session.toString(), loaded.toString(),
        store.get(id).toCompletableFuture().join().orElseThrow().toString(), store.toString(), manager.toString())) {
      assertNoKeys(text).doesNotContain(id).doesNotContain(cookie.substring("sid=".length()));
    }
    assertThat(session.toString()).contains(id.substring(0, 6) + "…");
  }

  @Test
  void cookieModeSessionsNeverShowTheCookie() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).build());
    TestExchange first = TestExchange.withCookieHeader(null);
    Session session = savedSession(manager, first);
    String value = first.sessionCookie("sid").substring("sid=".length());
    Session loaded = manager.load(TestExchange.withCookieHeader("sid=" + value)).toCompletableFuture().join();
    assertThat(loaded.isNew()).isFalse();
    assertNoKeys(loaded.toString() + session.toString()).doesNotContain(value);
  }

  @Test
  void reloadingAGoneSessionFailsWithoutTheFullId() {
    MemoryStore store = MemoryStore.builder().build();
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).build());
    TestExchange first = TestExchange.withCookieHeader(null);
    Session session = savedSession(manager, first);
    String id = session.id();
    Session loaded = manager.load(TestExchange.withCookieHeader(first.sessionCookie("sid"))).toCompletableFuture().join();
    store.destroy(id).toCompletableFuture().join();
    assertThatThrownBy(() -> loaded.reload().toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SessionGoneException.class))
        .satisfies(e -> assertThat(e.getMessage() + e.getCause().getMessage()).doesNotContain(id));
  }

  @Test
  void jdbcStoreTextAndCorruptRowErrorsShowNoPasswordOrFullId() {
    JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl("jdbc:h2:mem:secrets_text;DB_CLOSE_DELAY=-1")
        .username("sa").password("").tableName("secrets_text").build();
    try {
      String id = "Zx9_corruptRowId_0123456789abcdefghij";
      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      store.set(new StoredSession(id, "{not json".getBytes(StandardCharsets.UTF_8), now, now, now.plusSeconds(60), 1, null))
          .toCompletableFuture().join();
      assertThat(store.toString()).doesNotContain(id);
      StoredSession stored = store.get(id).toCompletableFuture().join().orElseThrow();
      assertThat(stored.toString()).doesNotContain(id).contains(id.substring(0, 6) + "…");
      SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
      Session s = manager.load(TestExchange.withCookieHeader("sid=" + id)).toCompletableFuture().join();
      assertThat(s.toString()).doesNotContain(id);
    } finally {
      store.close();
    }
  }

  /** A new session holding user=ada, committed through {@code exchange}. */
  private static Session savedSession(SessionManager manager, TestExchange exchange) {
    Session session = manager.load(exchange).toCompletableFuture().join();
    session.put("user", "ada");
    manager.commit(exchange, session).toCompletableFuture().join();
    return session;
  }

  /** A registered type whose JSON form a stored value cannot be read as. */
  record Amount(int cents) {}

  @Test
  void attributeValuesJacksonWouldQuoteStayOutOfExceptionsAndTheirCauses() {
    String value = "card-4111-1111-1111-1111";
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).allowType("amount", Amount.class).build());
    TestExchange ex = new TestExchange();
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("n", value);
    s.put("amount", java.util.Map.of("cents", value));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.get("amount", Amount.class)))
        .hasMessageContaining("cannot be read as " + Amount.class.getName()).hasMessageContaining("at");
    for (Runnable read : List.<Runnable>of(() -> s.get("n", Integer.class), () -> s.get("amount", Amount.class))) {
      Throwable failure = org.assertj.core.api.Assertions.catchThrowable(read::run);
      assertThat(failure).isInstanceOf(IllegalArgumentException.class);
      java.io.StringWriter trace = new java.io.StringWriter();
      failure.printStackTrace(new java.io.PrintWriter(trace));
      assertThat(trace.toString()).as("message, causes and their messages").doesNotContain(value);
    }
  }
}
