package io.sessions4j.core;

import static io.sessions4j.testing.ScriptedStore.Op.DESTROY;
import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static io.sessions4j.testing.ScriptedStore.Op.TAKE;
import static io.sessions4j.testing.ScriptedStore.Op.TOUCH;
import static io.sessions4j.testing.ScriptedStore.Op.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link SessionManager#open}: the store is read on first use, and an unused session costs nothing. */
class LazyLoadingTest {
  static final String KEY = StoreModeEngineTest.KEY;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());

  SessionManager manager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(store).clock(clock)).build());
  }

  static void commit(SessionManager m, TestExchange ex, Session s) {
    m.commit(ex, s).toCompletableFuture().join();
  }

  /** A session with {@code user=ada}, saved through an eager request; returns its cookie value. */
  String savedSession(SessionManager m) {
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("user", "ada");
    commit(m, ex, s);
    return ex.sessionCookie("sid");
  }

  @Test
  void untouchedSessionIsNeitherReadNorWrittenNorResent() {
    SessionManager m = manager(b -> b.rolling(true).idleTimeout(Duration.ofMinutes(10)));
    String cookie = savedSession(m);
    clock.advance(Duration.ofMinutes(9)); // a touch and a rolling cookie would be due if it were used
    int gets = store.calls(GET);
    int writes = store.calls(SAVE, UPDATE, TOUCH, DESTROY, TAKE);

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    commit(m, ex, s);

    assertThat(store.calls(GET)).isEqualTo(gets);
    assertThat(store.calls(SAVE, UPDATE, TOUCH, DESTROY, TAKE)).isEqualTo(writes);
    assertThat(ex.setCookies()).isEmpty();
    assertThat(s.isLoaded()).isFalse();
  }

  @Test
  void firstUseReadsThePresentedSessionOnce() {
    SessionManager m = manager(b -> b);
    String cookie = savedSession(m);
    int gets = store.calls(GET);

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    assertThat(store.calls(GET)).isEqualTo(gets);
    assertThat(s.get("user")).isEqualTo("ada");
    assertThat(s.isNew()).isFalse();
    assertThat(s.isLoaded()).isTrue();
    s.put("n", 1);
    commit(m, ex, s);

    assertThat(store.calls(GET)).isEqualTo(gets + 1);
    Session again = m.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
    assertThat(again.attributes()).containsEntry("user", "ada").containsEntry("n", 1);
  }

  @Test
  void usedSessionIsCommittedAsALoadedOne() {
    SessionManager m = manager(b -> b.rolling(true).idleTimeout(Duration.ofMinutes(10)));
    String cookie = savedSession(m);
    clock.advance(Duration.ofMinutes(9));
    int touches = store.calls(TOUCH);

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    s.loaded().toCompletableFuture().join(); // loading counts as using
    commit(m, ex, s);

    assertThat(store.calls(TOUCH)).isEqualTo(touches + 1);
    assertThat(ex.sessionCookie("sid")).isEqualTo(cookie);
  }

  @Test
  void untouchedRequestWithoutCookieCreatesNothingEvenWithSaveUninitialized() {
    SessionManager m = manager(b -> b.saveUninitialized(true));
    TestExchange ex = TestExchange.withCookieHeader(null);
    commit(m, ex, m.open(ex));
    assertThat(ex.setCookies()).isEmpty();
    assertThat(store.calls(SAVE, UPDATE)).isZero();

    TestExchange used = TestExchange.withCookieHeader(null);
    Session s = m.open(used);
    assertThat(s.isNew()).isTrue();
    commit(m, used, s);
    assertThat(used.setCookies()).hasSize(1);
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(1);
  }

  @Test
  void forgedCookieIsRejectedWithoutAStoreRead() {
    SessionManager m = manager(b -> b);
    String cookie = savedSession(m);
    int gets = store.calls(GET);
    TestExchange ex = TestExchange.withCookieHeader(cookie.substring(0, cookie.length() - 2) + "xx");
    Session s = m.open(ex);
    assertThat(s.isNew()).isTrue();
    assertThat(s.get("user")).isNull();
    commit(m, ex, s);
    assertThat(store.calls(GET)).isEqualTo(gets);
  }

  @Test
  void aThreadThatMustNotWaitGetsTheSessionOnlyOnceLoaded() {
    ScriptedStore gated = ScriptedStore.requiredOperationsOnly(store);
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(gated).clock(clock).build());
    String cookie = savedSession(m);
    gated.hold(GET);

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex, () -> false);
    assertThatThrownBy(() -> s.get("user")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("session.loaded()");
    CompletableFuture<Session> loading = s.loaded().toCompletableFuture();
    assertThat(loading).isNotDone();
    assertThat(s.isLoaded()).isFalse();

    gated.release();
    assertThat(loading.join()).isSameAs(s);
    assertThat(s.isLoaded()).isTrue();
    assertThat(s.get("user")).isEqualTo("ada");
  }

  @Test
  void aCommitWaitsForARunningRead() {
    ScriptedStore gated = ScriptedStore.requiredOperationsOnly(store);
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(gated).clock(clock)
        .rolling(true).build());
    String cookie = savedSession(m);
    gated.hold(GET);

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex, () -> false);
    s.loaded();
    CompletableFuture<Void> commit = m.commit(ex, s).toCompletableFuture();
    assertThat(commit).isNotDone();
    gated.release();
    commit.join();
    assertThat(ex.sessionCookie("sid")).isEqualTo(cookie); // rolling: the used session's cookie is re-sent
  }

  @Test
  void failedReadFailsTheFirstUseAndTheCommitUnderPolicyFail() {
    SessionManager m = manager(b -> b);
    String cookie = savedSession(m);
    store.fail();

    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    assertThatThrownBy(() -> s.get("user")).isInstanceOf(SessionUnavailableException.class);
    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SessionUnavailableException.class);
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void failedReadGivesAFreshSessionUnderPolicyContinue() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    String cookie = savedSession(m);
    store.fail();
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    assertThat(s.isNew()).isTrue();
    assertThat(s.get("user")).isNull();
  }

  @Test
  void requestedIdIsThePresentedIdEvenAfterAChangeOfId() {
    SessionManager m = manager(b -> b);
    String cookie = savedSession(m);
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    String loadedId = s.id();
    s.changeId();
    assertThat(s.id()).isNotEqualTo(loadedId);
    assertThat(m.requestedId(s)).isEqualTo(loadedId);
    assertThat(m.requestedId(m.open(TestExchange.withCookieHeader(null)))).isNull();
  }

  @Test
  void cookieModeIsDecodedAtOnceAndBehavesAsBefore() {
    SessionManager m = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY)
        .clock(clock).rolling(true).build());
    TestExchange first = TestExchange.withCookieHeader(null);
    Session s = m.open(first);
    s.put("user", "ada");
    commit(m, first, s);
    String cookie = first.sessionCookie("sid");

    TestExchange untouched = TestExchange.withCookieHeader(cookie);
    Session opened = m.open(untouched);
    assertThat(opened.isLoaded()).isTrue();
    commit(m, untouched, opened);
    assertThat(untouched.sessionCookie("sid")).isNotNull(); // rolling re-seals on every request, as load() does
  }
}
