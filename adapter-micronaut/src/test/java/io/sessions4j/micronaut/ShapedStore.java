package io.sessions4j.micronaut;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
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

/**
 * A memory store whose answers the test shapes: failing, completed later on another thread after a
 * delay, or held back until a gate opens. Every future it hands out (and every future derived from
 * one) records a blocking wait ({@code get}/{@code join} on an incomplete future) with the waiting
 * thread's name, so a test can prove no thread ever waited for the store.
 */
final class ShapedStore implements SessionStore {
  private final MemoryStore memory = MemoryStore.builder().build();
  final List<String> blockingWaits = new CopyOnWriteArrayList<>();
  final List<String> completionThreads = new CopyOnWriteArrayList<>();
  volatile boolean failGets;
  volatile boolean failWrites;
  /** When set, every answer is delivered this long after the memory store gave it, on another thread. */
  volatile long delayMillis;
  /** When set, no answer is delivered before this completes. */
  volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  /** Counted down when a get arrives. */
  volatile CountDownLatch getArrived = new CountDownLatch(1);

  private <T> CompletionStage<T> shaped(CompletionStage<T> answer, boolean fail) {
    Watched<T> result = new Watched<>(blockingWaits);
    CompletableFuture<T> source = fail
        ? CompletableFuture.failedFuture(new SessionStoreException("store down (test)"))
        : answer.toCompletableFuture();
    long delay = delayMillis;
    Executor executor = delay > 0
        ? CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
        : Runnable::run;
    gate.thenCompose(open -> source).whenCompleteAsync((value, failure) -> {
      completionThreads.add(Thread.currentThread().getName());
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(value);
      }
    }, executor);
    return result;
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    getArrived.countDown();
    return shaped(memory.get(id), failGets);
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return shaped(failWrites ? null : memory.save(session, expectedVersion), failWrites);
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return shaped(failWrites ? null : memory.touch(id, accessedAt, expiresAt), failWrites);
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return shaped(failWrites ? null : memory.destroy(id), failWrites);
  }

  @Override
  public void close() {
    memory.close();
  }

  /** A future that records blocking waits on itself and on every future derived from it. */
  static final class Watched<T> extends CompletableFuture<T> {
    private final List<String> waits;

    Watched(List<String> waits) {
      this.waits = waits;
    }

    private void recordIfBlocking() {
      if (!isDone()) {
        waits.add(Thread.currentThread().getName());
      }
    }

    @Override
    public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
      recordIfBlocking();
      return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
        throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
      recordIfBlocking();
      return super.get(timeout, unit);
    }

    @Override
    public T join() {
      recordIfBlocking();
      return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new Watched<>(waits);
    }
  }
}
