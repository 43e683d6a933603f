package io.sessions4j.quarkus.app;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The test application's {@link SessionStore} (picked up by the adapter's property-built
 * configuration): a {@link MemoryStore} whose operations complete as a test says —
 *
 * <ul>
 *   <li>{@link Mode#IMMEDIATE}: on the calling thread, like the memory store;
 *   <li>{@link Mode#DELAYED}: later, on a store thread ({@code CompletableFuture.delayedExecutor}),
 *       like a JDBC or Redis store;
 *   <li>{@link Mode#HELD}: only when the test calls {@link #releaseHeld()}, on a store thread — so a
 *       test knows for certain that an operation is pending while it sends other requests.
 * </ul>
 *
 * <p>Every future it hands out (and every stage the engine derives from one) records the name of
 * any thread that blocks on it before it is complete, so a test can prove no event-loop thread ever
 * waited for the store.
 */
@Singleton
public class ControlledStore implements SessionStore {

  public enum Mode { IMMEDIATE, DELAYED, HELD }

  private final MemoryStore delegate = MemoryStore.builder().build();
  private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "controlled-store");
    t.setDaemon(true);
    return t;
  });
  private final Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, storeThread);
  private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> heldNames = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<String> blockingWaits = new ConcurrentLinkedQueue<>();
  private final AtomicReference<String> failNext = new AtomicReference<>();
  private volatile Mode mode = Mode.IMMEDIATE;

  private record Held(String op, Runnable completion) {}

  /** Back to immediate completion, nothing held or failing, no recorded waits. */
  public void reset() {
    mode = Mode.IMMEDIATE;
    releaseHeld();
    heldNames.clear();
    blockingWaits.clear();
    failNext.set(null);
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  /** The next {@code op} ("get", "save", "touch", "destroy") fails with a store error. */
  public void failNext(String op) {
    failNext.set(op);
  }

  /** Waits (on the test thread) until an operation is held, and returns its name. */
  public String awaitHeld() throws InterruptedException, TimeoutException {
    String op = heldNames.poll(30, TimeUnit.SECONDS);
    if (op == null) {
      throw new TimeoutException("no store operation was held within 30 s");
    }
    return op;
  }

  /** Completes every held operation, on the store thread. */
  public void releaseHeld() {
    Held h;
    while ((h = held.poll()) != null) {
      storeThread.execute(h.completion);
    }
  }

  /** Names of threads that blocked on an incomplete store future. */
  public List<String> blockingWaits() {
    return List.copyOf(blockingWaits);
  }

  private <T> CompletionStage<T> op(String name, Supplier<CompletionStage<T>> call) {
    RecordingFuture<T> result = new RecordingFuture<>(blockingWaits);
    boolean fail = failNext.compareAndSet(name, null);
    Runnable complete = () -> {
      if (fail) {
        result.completeExceptionally(new SessionStoreException("test: injected " + name + " failure"));
        return;
      }
      call.get().whenComplete((value, failure) -> {
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
      });
    };
    switch (mode) {
      case IMMEDIATE -> complete.run();
      case DELAYED -> later.execute(complete);
      case HELD -> {
        held.add(new Held(name, complete));
        heldNames.add(name);
      }
    }
    return result;
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return op("get", () -> delegate.get(id));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return op("save", () -> delegate.save(session, expectedVersion));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return op("touch", () -> delegate.touch(id, accessedAt, expiresAt));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return op("destroy", () -> delegate.destroy(id));
  }

  @Override
  public void close() {
    delegate.close();
    storeThread.shutdownNow();
  }

  /** A future that notes who blocks on it while incomplete; stages derived from it do the same. */
  static final class RecordingFuture<T> extends CompletableFuture<T> {
    private final ConcurrentLinkedQueue<String> waits;

    RecordingFuture(ConcurrentLinkedQueue<String> waits) {
      this.waits = waits;
    }

    private void noteWait() {
      if (!isDone()) {
        waits.add(Thread.currentThread().getName());
      }
    }

    @Override
    public T join() {
      noteWait();
      return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      noteWait();
      return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      noteWait();
      return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new RecordingFuture<>(waits);
    }
  }
}
