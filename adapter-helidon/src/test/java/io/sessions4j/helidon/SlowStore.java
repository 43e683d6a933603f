package io.sessions4j.helidon;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store like a remote one: every operation completes later, on another thread. It can also hold
 * every {@code get} until {@link #release()}, counting the held calls down on a latch the test
 * waits for, and it records which thread called {@code get}.
 */
final class SlowStore implements SessionStore {
  private final MemoryStore delegate = MemoryStore.builder().build();
  private final Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
  private final List<Thread> getCallers = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  private volatile CountDownLatch held = new CountDownLatch(0);

  /** From now on every {@code get} waits for {@link #release()}; {@code expected} is how many the test will await. */
  void holdGets(int expected) {
    held = new CountDownLatch(expected);
    gate = new CompletableFuture<>();
  }

  /** Blocks the test until {@code holdGets}' expected number of {@code get} calls are waiting. */
  boolean awaitHeldGets() throws InterruptedException {
    return held.await(30, TimeUnit.SECONDS);
  }

  /** Lets every held {@code get} proceed. */
  void release() {
    gate.complete(null);
  }

  /** The threads that called {@code get}, in order. */
  List<Thread> getCallers() {
    return getCallers;
  }

  private <T> CompletionStage<T> later(CompletableFuture<Void> gateNow, Supplier<CompletionStage<T>> op) {
    CompletableFuture<T> result = new CompletableFuture<>();
    gateNow.thenRunAsync(() -> op.get().whenComplete((value, failure) -> {
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(value);
      }
    }), later);
    return result;
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    getCallers.add(Thread.currentThread());
    CompletableFuture<Void> gateNow = gate;
    if (!gateNow.isDone()) {
      held.countDown();
    }
    return later(gateNow, () -> delegate.get(id));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return later(CompletableFuture.completedFuture(null), () -> delegate.save(session, expectedVersion));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return later(CompletableFuture.completedFuture(null), () -> delegate.touch(id, accessedAt, expiresAt));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return later(CompletableFuture.completedFuture(null), () -> delegate.destroy(id));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
