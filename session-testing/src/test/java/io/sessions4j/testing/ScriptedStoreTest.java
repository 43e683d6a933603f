package io.sessions4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore.Op;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedStoreTest {
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().build());

  @AfterEach
  void close() {
    store.close();
  }

  static StoredSession record(String id) {
    Instant now = Instant.now();
    return new StoredSession(id, "{}".getBytes(StandardCharsets.UTF_8), now, now, now.plusSeconds(600), 1, null);
  }

  @Test
  void answersAsTheDelegateOnTheCallingThreadAndCountsEachOperation() {
    assertThat(store.save(record("a"), StoredSession.NEW).toCompletableFuture()).isCompletedWithValue(true);
    assertThat(store.get("a").toCompletableFuture().join()).isPresent();
    store.get("b").toCompletableFuture().join();

    assertThat(store.calls(Op.GET)).isEqualTo(2);
    assertThat(store.calls(Op.SAVE, Op.UPDATE)).isEqualTo(1);
    assertThat(store.calls()).isEqualTo(3);
    assertThat(store.callers(Op.GET)).containsOnly(Thread.currentThread());
    assertThat(store.answerThreads()).containsOnly(Thread.currentThread().getName());
  }

  @Test
  void failsTheScriptedOperationsUntilItRecovers() {
    store.fail(Op.GET);
    assertThatThrownBy(() -> store.get("a").toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SessionStoreException.class);
    assertThat(store.touch("a", Instant.now(), Instant.now()).toCompletableFuture().join()).isFalse();

    store.recover();
    assertThat(store.get("a").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void failNextFailsOneCallOnly() {
    store.failNext(Op.DESTROY);
    assertThat(store.destroy("a").toCompletableFuture()).isCompletedExceptionally();
    assertThat(store.destroy("a").toCompletableFuture().join()).isNull();
  }

  @Test
  void delayedAnswersComeLaterOnTheStoreThread() {
    store.delay(Duration.ofMillis(20));
    CompletableFuture<Optional<StoredSession>> answer = store.get("a").toCompletableFuture();

    assertThat(answer.join()).isEmpty();
    assertThat(store.answerThreads()).containsExactly("scripted-store");
    assertThat(store.blockingWaits()).contains(Thread.currentThread().getName());
  }

  @Test
  void heldCallsWaitForRelease() throws Exception {
    store.save(record("a"), StoredSession.NEW).toCompletableFuture().join();
    store.hold(Op.GET);
    CompletableFuture<Optional<StoredSession>> held = store.get("a").toCompletableFuture();

    assertThat(store.awaitHeld()).isEqualTo(Op.GET);
    assertThat(held).isNotDone();
    assertThat(store.touch("a", Instant.now(), Instant.now().plusSeconds(60)).toCompletableFuture())
        .as("other operations are not held").isDone();

    store.release();
    assertThat(held.join()).isPresent();
    assertThat(store.get("a").toCompletableFuture()).as("release ends holding").isDone();
  }

  @Test
  void requiredOperationsOnlyRunsTheSpiDefaultsOverItsOwnGetAndSave() {
    ScriptedStore thirdParty = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
    thirdParty.save(record("a"), StoredSession.NEW).toCompletableFuture().join();

    thirdParty.take("a").toCompletableFuture().join();

    assertThat(thirdParty.calls(Op.TAKE)).isEqualTo(1);
    assertThat(thirdParty.calls(Op.GET)).as("the fallback reads through this store").isPositive();
    assertThat(thirdParty.delegate().get("a").toCompletableFuture().join()).isEmpty();
    thirdParty.close();
  }

  @Test
  void resetForgetsTheScriptAndTheCounts() {
    store.fail().delay(Duration.ofMillis(5)).hold(Op.TOUCH);
    store.get("a");
    store.reset();

    assertThat(store.calls()).isZero();
    assertThat(store.get("a").toCompletableFuture()).isCompletedWithValue(Optional.empty());
  }

  @Test
  void synchronousFailuresOfTheDelegateStaySynchronous() {
    ScriptedStore noPatches = ScriptedStore.over(new io.sessions4j.core.store.SessionStore() {
      @Override
      public java.util.concurrent.CompletionStage<Optional<StoredSession>> get(String id) {
        return CompletableFuture.completedFuture(Optional.empty());
      }

      @Override
      public java.util.concurrent.CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
        return CompletableFuture.completedFuture(true);
      }

      @Override
      public java.util.concurrent.CompletionStage<Void> set(StoredSession session) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public java.util.concurrent.CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
        return CompletableFuture.completedFuture(false);
      }

      @Override
      public java.util.concurrent.CompletionStage<Void> destroy(String id) {
        return CompletableFuture.completedFuture(null);
      }
    });
    assertThatThrownBy(noPatches::length).isInstanceOf(UnsupportedOperationException.class);
    noPatches.close();
  }
}
