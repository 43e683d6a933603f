package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each kind of unusable presented token is reported to listeners as its own {@link IdRejection}. */
class IdRejectionEventsTest {
  static final String KEY = "rejection-test-key-0123456789abcdef-xyz";
  static final String OTHER_KEY = "rejection-test-other-0123456789abcdef";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryStore store = MemoryStore.builder().clock(clock).promptExpiry(false).build();
  final List<IdRejection> rejected = new CopyOnWriteArrayList<>();
  final SessionListener listener = new SessionListener() {
    @Override
    public void idRejected(IdRejection reason) {
      rejected.add(reason);
    }
  };

  SessionManager storeMode(UnaryOperator<SessionConfig.Builder> options, String... keys) {
    SessionManager m = SessionManager.create(options.apply(
        SessionConfig.builder().keys(keys).store(store).clock(clock).maxAge(Duration.ofMinutes(1))).build());
    m.addListener(listener);
    return m;
  }

  SessionManager cookieMode(String key) {
    SessionManager m = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE)
        .keys(key).clock(clock).maxAge(Duration.ofMinutes(1)).build());
    m.addListener(listener);
    return m;
  }

  static String newSession(SessionManager m) {
    TestExchange ex = new TestExchange();
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("user", "ada");
    m.commit(ex, s).toCompletableFuture().join();
    return ex.sessionCookie("sid");
  }

  List<IdRejection> present(SessionManager m, String cookie) {
    rejected.clear();
    Session s = m.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
    assertThat(s.isNew()).isTrue();
    return List.copyOf(rejected);
  }

  @Test
  void storeModeRejectionsAreToldApart() {
    SessionManager m = storeMode(b -> b, KEY);
    String cookie = newSession(m);
    String token = cookie.substring("sid=".length());
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(present(m, "sid=not a token")).containsExactly(IdRejection.MALFORMED);
    assertThat(present(m, "sid=" + tampered)).containsExactly(IdRejection.BAD_SIGNATURE);
    assertThat(present(m, newSession(storeMode(b -> b, OTHER_KEY)))).containsExactly(IdRejection.BAD_SIGNATURE);

    String ended = newSession(m);
    m.destroy(m.load(TestExchange.withCookieHeader(ended)).toCompletableFuture().join().id())
        .toCompletableFuture().join();
    assertThat(present(m, ended)).containsExactly(IdRejection.UNKNOWN);

    String refused = newSession(m);
    SessionManager picky = storeMode(b -> b.validate(s -> false), KEY);
    assertThat(present(picky, refused)).containsExactly(IdRejection.INVALID);

    String old = newSession(storeMode(b -> b.maxAge(Duration.ofHours(1)), KEY));
    SessionManager capped = storeMode(b -> b.maxAge(Duration.ofHours(1)).absoluteTimeout(Duration.ofMinutes(1)), KEY);
    clock.advance(Duration.ofMinutes(2));
    assertThat(present(capped, old)).as("held by the store, past a newly set absolute lifetime")
        .containsExactly(IdRejection.EXPIRED);
    assertThat(present(m, cookie)).as("a store that drops expired records cannot tell").containsExactly(IdRejection.UNKNOWN);
  }

  @Test
  void cookieModeRejectionsAreToldApart() {
    SessionManager m = cookieMode(KEY);
    String cookie = newSession(m);
    assertThat(present(m, "sid=garbage!")).containsExactly(IdRejection.MALFORMED);
    assertThat(present(m, newSession(cookieMode(OTHER_KEY)))).containsExactly(IdRejection.BAD_SIGNATURE);
    clock.advance(Duration.ofMinutes(2));
    assertThat(present(m, cookie)).containsExactly(IdRejection.EXPIRED);
  }

  @Test
  void aUsableTokenReportsNothing() {
    SessionManager m = storeMode(b -> b, KEY);
    String cookie = newSession(m);
    rejected.clear();
    assertThat(m.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join().isNew()).isFalse();
    assertThat(rejected).isEmpty();
  }
}
