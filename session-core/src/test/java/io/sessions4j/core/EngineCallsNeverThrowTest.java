package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionManager#load} and {@link SessionManager#commit} report every failure through the
 * stage they return and never throw, which is why adapters call them without a try.
 */
class EngineCallsNeverThrowTest {
  static final String KEY = StoreModeEngineTest.KEY;

  /** A clock that works until told to fail. */
  static final class BreakableClock extends Clock {
    final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
      return Instant.parse("2026-01-01T00:00:00Z");
    }
  }

  final BreakableClock clock = new BreakableClock();

  @Test
  void loadWithAFailingClockFailsItsStage() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().build()).build());
    clock.failure.set(new IllegalStateException("clock broke"));

    AtomicReference<CompletionStage<Session>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(m.load(TestExchange.withCookieHeader(null)))).doesNotThrowAnyException();

    assertThat(stage.get().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void commitWhoseHookThrowsFailsItsStage() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().build())
        .beforeSave(s -> {
          throw new IllegalStateException("hook broke");
        }).build());
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("a", "1");

    AtomicReference<CompletionStage<Void>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(m.commit(ex, s))).doesNotThrowAnyException();

    assertThat(stage.get().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void commitInCookieModeWhoseHookThrowsFailsItsStage() {
    SessionManager m = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY)
        .clock(clock).beforeSave(s -> {
          throw new IllegalStateException("hook broke");
        }).build());
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = m.open(ex);
    s.put("a", "1");

    AtomicReference<CompletionStage<Void>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(m.commit(ex, s))).doesNotThrowAnyException();

    assertThat(stage.get().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void commitWithAFailingClockFailsItsStage() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().build()).build());
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("a", "1");
    clock.failure.set(new IllegalStateException("clock broke"));

    AtomicReference<CompletionStage<Void>> stage = new AtomicReference<>();
    assertThatCode(() -> stage.set(m.commit(ex, s))).doesNotThrowAnyException();

    assertThat(stage.get().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void commitOfASessionFromElsewhereFailsItsStage() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().build()).build());
    Session foreign = (Session) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Session.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException();
        });

    AtomicReference<CompletionStage<Void>> ofForeign = new AtomicReference<>();
    AtomicReference<CompletionStage<Void>> ofNull = new AtomicReference<>();
    assertThatCode(() -> ofForeign.set(m.commit(TestExchange.withCookieHeader(null), foreign))).doesNotThrowAnyException();
    assertThatCode(() -> ofNull.set(m.commit(TestExchange.withCookieHeader(null), null))).doesNotThrowAnyException();

    assertThat(ofForeign.get().toCompletableFuture()).isCompletedExceptionally();
    assertThat(ofNull.get().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void aLazySessionsFailedFirstReadFailsLoadedAndCommitStages() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().build()).build());
    TestExchange first = TestExchange.withCookieHeader(null);
    Session created = m.load(first).toCompletableFuture().join();
    created.put("a", "1");
    m.commit(first, created).toCompletableFuture().join();

    TestExchange ex = TestExchange.withCookieHeader(first.sessionCookie("sid"));
    Session lazy = m.open(ex, () -> false);
    clock.failure.set(new IllegalStateException("clock broke"));
    AtomicReference<CompletionStage<Session>> loaded = new AtomicReference<>();
    AtomicReference<CompletionStage<Void>> committed = new AtomicReference<>();
    assertThatCode(() -> loaded.set(lazy.loaded())).doesNotThrowAnyException();
    assertThatCode(() -> committed.set(m.commit(ex, lazy))).doesNotThrowAnyException();

    assertThat(loaded.get().toCompletableFuture()).isCompletedExceptionally();
    assertThat(committed.get().toCompletableFuture()).isCompletedExceptionally();
  }
}
