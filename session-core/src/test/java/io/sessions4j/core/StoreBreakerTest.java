package io.sessions4j.core;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.event.BreakerState;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The store's circuit breaker: it opens after failures, then fails requests at once without calling
 * the store, probes after {@code storeBreakerOpenFor} and closes when the store answers; and
 * {@code storeTimeout} bounds all of one request's store calls together.
 */
class StoreBreakerTest {
  static final String KEY = "breaker-test-key-0123456789abcdef-xyz";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());
  final List<String> transitions = new CopyOnWriteArrayList<>();

  SessionManager manager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(store).clock(clock)
        .storeBreakerMinimumCalls(3).storeBreakerOpenFor(Duration.ofSeconds(1)).storeBreakerProbes(2)
        .listener(new SessionListener() {
          @Override
          public void storeBreakerChanged(BreakerState from, BreakerState to) {
            transitions.add(from + "->" + to);
          }
        })).build());
  }

  /** A session cookie for a session with data. */
  static String sessionOf(SessionManager m) {
    TestExchange ex = new TestExchange();
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("user", "ada");
    m.commit(ex, s).toCompletableFuture().join();
    return ex.sessionCookie("sid");
  }

  static CompletableFuture<Session> load(SessionManager m, String cookie) {
    return m.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture();
  }

  @Test
  void opensAfterFailuresThenFailsAtOnceWithoutCallingTheStore() {
    SessionManager m = manager(b -> b);
    String cookie = sessionOf(m);
    store.fail(GET);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> load(m, cookie).join()).hasCauseInstanceOf(SessionUnavailableException.class);
    }
    assertThat(transitions).containsExactly("CLOSED->OPEN");
    int callsWhenOpened = store.calls(GET);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> load(m, cookie).join())
          .hasCauseInstanceOf(SessionUnavailableException.class)
          .hasStackTraceContaining("circuit breaker is OPEN");
    }
    assertThat(store.calls(GET)).as("store calls while open").isEqualTo(callsWhenOpened);
    assertThat(transitions).as("one event per transition, none per request").containsExactly("CLOSED->OPEN");
  }

  @Test
  void failuresInARowOpenItWhileTheWindowIsFullOfSuccesses() {
    // under load the window holds many calls that succeeded before the store went down: the rate
    // stays low for a whole window, but that many failures in a row open the breaker at once
    SessionManager m = manager(b -> b);
    String cookie = sessionOf(m);
    for (int i = 0; i < 100; i++) {
      assertThat(load(m, cookie).join().get("user")).isEqualTo("ada");
    }
    store.fail(GET);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> load(m, cookie).join()).hasCauseInstanceOf(SessionUnavailableException.class);
    }
    assertThat(transitions).containsExactly("CLOSED->OPEN");
    int callsWhenOpened = store.calls(GET);

    assertThatThrownBy(() -> load(m, cookie).join()).hasStackTraceContaining("circuit breaker is OPEN");
    assertThat(store.calls(GET)).as("store calls while open").isEqualTo(callsWhenOpened);
  }

  @Test
  void failuresBetweenSuccessesDoNotOpenIt() {
    SessionManager m = manager(b -> b);
    String cookie = sessionOf(m);
    for (int i = 0; i < 100; i++) {
      assertThat(load(m, cookie).join().get("user")).isEqualTo("ada");
    }
    for (int round = 0; round < 10; round++) {
      store.fail(GET);
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> load(m, cookie).join()).hasCauseInstanceOf(SessionUnavailableException.class);
      }
      store.recover();
      assertThat(load(m, cookie).join().get("user")).isEqualTo("ada");
    }
    assertThat(transitions).as("2 failures in a row, 20 of 131 calls: neither opens it").isEmpty();
  }

  @Test
  void underContinueAnOpenBreakerGivesAFreshSessionAtOnce() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    String cookie = sessionOf(m);
    store.fail(GET);
    for (int i = 0; i < 3; i++) {
      assertThat(load(m, cookie).join().isNew()).isTrue();
    }
    int callsWhenOpened = store.calls(GET);
    assertThat(load(m, cookie).join().isNew()).isTrue();
    assertThat(store.calls(GET)).isEqualTo(callsWhenOpened);
  }

  @Test
  void probesAfterOpenForAndClosesWhenTheStoreAnswers() {
    SessionManager m = manager(b -> b);
    String cookie = sessionOf(m);
    store.fail(GET);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> load(m, cookie).join()).isNotNull();
    }
    store.recover();
    assertThatThrownBy(() -> load(m, cookie).join()).as("still open").isNotNull();

    clock.advance(Duration.ofSeconds(1).plusMillis(1));
    assertThat(load(m, cookie).join().get("user")).as("first probe").isEqualTo("ada");
    assertThat(load(m, cookie).join().get("user")).as("second probe").isEqualTo("ada");
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
    assertThat(load(m, cookie).join().get("user")).isEqualTo("ada");
  }

  @Test
  void failingProbesOpenItAgain() {
    SessionManager m = manager(b -> b);
    String cookie = sessionOf(m);
    store.fail(GET);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> load(m, cookie).join()).isNotNull();
    }
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> load(m, cookie).join()).as("first probe").isNotNull();
    assertThatThrownBy(() -> load(m, cookie).join()).as("second probe").isNotNull();
    assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
  }

  @Test
  void offByOption() {
    SessionManager m = manager(b -> b.storeBreaker(false));
    String cookie = sessionOf(m);
    store.fail(GET);
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> load(m, cookie).join()).isNotNull();
    }
    assertThat(store.calls(GET)).isEqualTo(10);
    assertThat(transitions).isEmpty();
  }

  @Test
  void aRequestThatSpentItsStoreTimeoutIsNotGivenMore() {
    SessionConfig config = SessionConfig.builder().keys(KEY).store(store).storeTimeout(Duration.ofSeconds(1)).build();
    StoreCalls calls = new StoreCalls(config, null, true, new SessionEvents(java.util.List.of()));
    StoreBudget budget = calls.newBudget();
    budget.spend(Duration.ofMillis(1000).toNanos());
    int before = store.calls(GET);

    assertThatThrownBy(() -> calls.call(budget, io.sessions4j.core.event.StoreOperation.GET, () -> store.get("some-id")).join())
        .hasMessageContaining("spent its storeTimeout");
    assertThat(store.calls(GET)).as("the store is not called").isEqualTo(before);
  }

  @Test
  void storeTimeoutBoundsTheLoadAndTheSaveTogether() {
    // each store answer takes 1.2 s; storeTimeout 2 s: the load fits, the save gets only what is left
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(store)
        .storeTimeout(Duration.ofSeconds(2)).build());
    String cookie = sessionOf(m);
    store.delay(Duration.ofMillis(1200));
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.load(ex).toCompletableFuture().join();
    assertThat(s.get("user")).isEqualTo("ada");
    s.put("user", "grace");

    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionUnavailableException.class)
        .hasStackTraceContaining("what was left of storeTimeout");
  }
}
