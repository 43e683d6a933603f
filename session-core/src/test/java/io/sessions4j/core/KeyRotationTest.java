package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Key rotation in store mode: an id token signed with an older key is accepted and re-sent under
 * the newest key on the first request that presents it, so the rotation's last step (dropping the
 * old key) logs nobody out — also with browser-session cookies and without {@code rolling}.
 */
class KeyRotationTest {
  static final String OLD_KEY = "rotation-test-key-old-0123456789abcdef";
  static final String NEW_KEY = "rotation-test-key-new-0123456789abcdef";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryStore store = MemoryStore.builder().clock(clock).build();

  SessionManager manager(UnaryOperator<SessionConfig.Builder> options, String... keys) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(keys).store(store).clock(clock)).build());
  }

  static TestExchange request(SessionManager m, String cookie, Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.load(ex).toCompletableFuture().join();
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  @Test
  void idSignedWithAnOlderKeyIsResentUnderTheNewestOnFirstUse() {
    UnaryOperator<SessionConfig.Builder> browserCookie = b -> b.maxAge(null);
    SessionManager old = manager(browserCookie, OLD_KEY);
    SessionManager rotated = manager(browserCookie, NEW_KEY, OLD_KEY);
    SessionManager newOnly = manager(browserCookie, NEW_KEY);
    String oldCookie = request(old, null, s -> s.put("user", "ada")).sessionCookie("sid");

    TestExchange read = request(rotated, oldCookie, s -> assertThat(s.get("user")).isEqualTo("ada"));
    String resigned = read.sessionCookie("sid");
    assertThat(resigned).as("the id re-sent on a request that only read").isNotNull().isNotEqualTo(oldCookie);
    assertThat(read.setCookies().get(0)).doesNotContain("Max-Age").doesNotContain("Expires");

    Session onNewKeyOnly = newOnly.load(TestExchange.withCookieHeader(resigned)).toCompletableFuture().join();
    assertThat(onNewKeyOnly.isNew()).isFalse();
    assertThat(onNewKeyOnly.get("user")).isEqualTo("ada");
    assertThat(newOnly.load(TestExchange.withCookieHeader(oldCookie)).toCompletableFuture().join().isNew())
        .as("the old token alone, after the old key is dropped").isTrue();

    TestExchange again = request(rotated, resigned, s -> s.get("user"));
    assertThat(again.setCookies()).as("a token under the newest key is not re-sent").isEmpty();
  }

  @Test
  void lazilyOpenedSessionIsResentUnderTheNewestKeyToo() {
    SessionManager old = manager(b -> b, OLD_KEY);
    SessionManager rotated = manager(b -> b, NEW_KEY, OLD_KEY);
    String oldCookie = request(old, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange ex = TestExchange.withCookieHeader(oldCookie);
    Session s = rotated.open(ex);
    assertThat(s.get("user")).isEqualTo("ada");
    rotated.commit(ex, s).toCompletableFuture().join();
    assertThat(ex.sessionCookie("sid")).isNotNull().isNotEqualTo(oldCookie);
    clock.advance(Duration.ofSeconds(1));
    assertThat(manager(b -> b, NEW_KEY).load(TestExchange.withCookieHeader(ex.sessionCookie("sid")))
        .toCompletableFuture().join().get("user")).isEqualTo("ada");
  }
}
