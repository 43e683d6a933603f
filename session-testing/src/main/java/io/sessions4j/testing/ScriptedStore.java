package io.sessions4j.testing;

import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} around a real one (usually a {@code MemoryStore}) whose answers a test
 * scripts: operations can fail, answer later on another thread, or be held until the test releases
 * them; every call is counted per operation and its calling thread recorded; and every future it
 * hands out (and every stage derived from one) records the threads that blocked on it before it
 * completed, so a test can prove an event loop never waited for the store.
 *
 * <pre>{@code
 * ScriptedStore store = ScriptedStore.over(MemoryStore.builder().build());
 * SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
 * store.fail(Op.GET);                       // the store is down for reads
 * store.delay(Duration.ofMillis(20));       // every answer comes 20 ms later, on the store thread
 * store.hold(Op.GET);                       // gets wait for release()
 * String op = store.awaitHeld();            // ... until a test knows one is pending
 * store.release();
 * assertThat(store.calls(Op.SAVE, Op.UPDATE)).isEqualTo(1);
 * }</pre>
 *
 * <p>How one call is answered: it is counted and its thread recorded; if its operation is held,
 * it waits for {@link #release()}; then, after the {@link #delay(Duration) delay} if one is set,
 * the delegate is called (or the scripted failure is produced) and the answer delivered. Without
 * hold or delay all of that happens on the calling thread, like the memory store; otherwise on
 * the store's own thread ({@code scripted-store}, one thread, so released calls run in the order
 * they arrived).
 *
 * <p>{@code update} and {@code take} are forwarded to the delegate (its atomic versions), unless
 * the store was made with {@link #requiredOperationsOnly}: then they run the {@link SessionStore}
 * defaults over this store's {@code get} and {@code save}, as for a third-party store that
 * implements only the required operations (and those inner calls are scripted and counted too).
 */
public final class ScriptedStore implements SessionStore {

  /** The operations of {@link SessionStore}, for scripting and counting them one by one. */
  public enum Op { GET, SAVE, UPDATE, TAKE, SET, TOUCH, DESTROY, LENGTH, ALL, CLEAR, FIND_BY_PRINCIPAL }

  private static final Duration HELD_WAIT = Duration.ofSeconds(30);

  private final SessionStore delegate;
  private final boolean forwardsVersionedOperations;
  private final Map<Op, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<Op, ConcurrentLinkedQueue<Thread>> callers = new ConcurrentHashMap<>();
  private final Set<Op> failing = ConcurrentHashMap.newKeySet();
  private final Set<Op> failNext = ConcurrentHashMap.newKeySet();
  private final Set<Op> held = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Runnable> heldCalls = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Op> heldArrivals = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<String> blockingWaits = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> answerThreads = new ConcurrentLinkedQueue<>();
  private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "scripted-store");
    t.setDaemon(true);
    return t;
  });
  private volatile Duration delay = Duration.ZERO;

  private ScriptedStore(SessionStore delegate, boolean forwardsVersionedOperations) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.forwardsVersionedOperations = forwardsVersionedOperations;
    for (Op op : Op.values()) {
      calls.put(op, new AtomicInteger());
      callers.put(op, new ConcurrentLinkedQueue<>());
    }
  }

  /** A store answering as {@code delegate} does until scripted otherwise; every operation is forwarded. */
  public static ScriptedStore over(SessionStore delegate) {
    return new ScriptedStore(delegate, true);
  }

  /**
   * Like {@link #over}, but {@code update} and {@code take} are not forwarded: they run the SPI's
   * defaults over this store's {@code get} and {@code save}, as for a store implementing only the
   * required operations.
   */
  public static ScriptedStore requiredOperationsOnly(SessionStore delegate) {
    return new ScriptedStore(delegate, false);
  }

  /** The wrapped store, for reading or arranging state without scripting or counting it. */
  public SessionStore delegate() {
    return delegate;
  }

  // ---- scripting ------------------------------------------------------------------------------

  /** From now on calls of {@code ops} (of every operation when none are given) fail with a {@link SessionStoreException}. */
  public ScriptedStore fail(Op... ops) {
    failing.addAll(opsOrAll(ops));
    return this;
  }

  /** The next call of {@code op} fails with a {@link SessionStoreException}; later ones answer normally. */
  public ScriptedStore failNext(Op op) {
    failNext.add(Objects.requireNonNull(op, "op"));
    return this;
  }

  /** Every operation answers again (ends {@link #fail} and {@link #failNext}). */
  public ScriptedStore recover() {
    failing.clear();
    failNext.clear();
    return this;
  }

  /** From now on every answer is delivered {@code delay} later, on the store thread; zero ends it. */
  public ScriptedStore delay(Duration delay) {
    this.delay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /** From now on calls of {@code ops} (of every operation when none are given) wait for {@link #release()}. */
  public ScriptedStore hold(Op... ops) {
    held.addAll(opsOrAll(ops));
    return this;
  }

  /** Lets every held call proceed (in arrival order, on the store thread) and ends holding. */
  public ScriptedStore release() {
    held.clear();
    drainHeld();
    return this;
  }

  /**
   * Waits (on the test's thread, at most 30 s) until a call is held, and returns its operation;
   * each held call is reported once.
   */
  public Op awaitHeld() throws InterruptedException, TimeoutException {
    Op op = heldArrivals.poll(HELD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (op == null) {
      throw new TimeoutException("no store call was held within " + HELD_WAIT.toSeconds() + " s");
    }
    return op;
  }

  /** Waits until {@code count} more calls are held ({@link #awaitHeld()} {@code count} times). */
  public void awaitHeld(int count) throws InterruptedException, TimeoutException {
    for (int i = 0; i < count; i++) {
      awaitHeld();
    }
  }

  /** Back to answering as the delegate: nothing failing, delayed or held (held calls are released), counts and records cleared. */
  public ScriptedStore reset() {
    recover();
    delay = Duration.ZERO;
    release();
    heldArrivals.clear();
    calls.values().forEach(c -> c.set(0));
    callers.values().forEach(ConcurrentLinkedQueue::clear);
    blockingWaits.clear();
    answerThreads.clear();
    return this;
  }

  // ---- observing ------------------------------------------------------------------------------

  /** How many calls of {@code ops} were made, summed (every operation's when none are given). */
  public int calls(Op... ops) {
    int sum = 0;
    for (Op op : opsOrAll(ops)) {
      sum += calls.get(op).get();
    }
    return sum;
  }

  /** The threads that called {@code op}, in order. */
  public List<Thread> callers(Op op) {
    return List.copyOf(callers.get(op));
  }

  /** Names of the threads that blocked ({@code join}/{@code get}) on one of this store's futures before it completed. */
  public List<String> blockingWaits() {
    return List.copyOf(blockingWaits);
  }

  /** Names of the threads that delivered this store's answers, in order. */
  public List<String> answerThreads() {
    return List.copyOf(answerThreads);
  }

  // ---- the store ------------------------------------------------------------------------------

  private static Set<Op> opsOrAll(Op... ops) {
    return ops.length == 0 ? EnumSet.allOf(Op.class) : EnumSet.copyOf(Arrays.asList(ops));
  }

  private <T> CompletionStage<T> call(Op op, Supplier<CompletionStage<T>> action) {
    calls.get(op).incrementAndGet();
    callers.get(op).add(Thread.currentThread());
    boolean fails = failing.contains(op) || failNext.remove(op);
    Duration wait = delay;
    boolean held = this.held.contains(op);
    if (!held && wait.isZero() && !fails) {
      return watched(action.get()); // like the delegate: on the calling thread, its exceptions thrown
    }
    WatchedFuture<T> result = new WatchedFuture<>(blockingWaits);
    Runnable answer = () -> {
      CompletionStage<T> answered;
      try {
        answered = fails
            ? CompletableFuture.failedFuture(new SessionStoreException("store is down (test: scripted " + name(op) + " failure)"))
            : action.get();
      } catch (RuntimeException e) {
        answered = CompletableFuture.failedFuture(e);
      }
      deliver(answered, result);
    };
    Runnable delivery = wait.isZero() ? answer : () -> later(wait).execute(answer);
    if (held) {
      heldCalls.add(delivery);
      heldArrivals.add(op);
      if (!this.held.contains(op)) {
        drainHeld(); // released while this call was being queued
      }
    } else {
      delivery.run();
    }
    return result;
  }

  private <T> CompletionStage<T> watched(CompletionStage<T> answer) {
    WatchedFuture<T> result = new WatchedFuture<>(blockingWaits);
    deliver(answer, result);
    return result;
  }

  private <T> void deliver(CompletionStage<T> answer, CompletableFuture<T> result) {
    answer.whenComplete((value, failure) -> {
      answerThreads.add(Thread.currentThread().getName());
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(value);
      }
    });
  }

  private void drainHeld() {
    Runnable call;
    while ((call = heldCalls.poll()) != null) {
      storeThread.execute(call);
    }
  }

  private Executor later(Duration wait) {
    return CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS, storeThread);
  }

  private static String name(Op op) {
    return op.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return call(Op.GET, () -> delegate.get(id));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return call(Op.SAVE, () -> delegate.save(session, expectedVersion));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!forwardsVersionedOperations) {
      calls.get(Op.UPDATE).incrementAndGet();
      callers.get(Op.UPDATE).add(Thread.currentThread());
      return SessionStore.super.update(patch);
    }
    return call(Op.UPDATE, () -> delegate.update(patch));
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    if (!forwardsVersionedOperations) {
      calls.get(Op.TAKE).incrementAndGet();
      callers.get(Op.TAKE).add(Thread.currentThread());
      return SessionStore.super.take(id);
    }
    return call(Op.TAKE, () -> delegate.take(id));
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return call(Op.SET, () -> delegate.set(session));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return call(Op.TOUCH, () -> delegate.touch(id, accessedAt, expiresAt));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return call(Op.DESTROY, () -> delegate.destroy(id));
  }

  @Override
  public CompletionStage<Long> length() {
    return call(Op.LENGTH, delegate::length);
  }

  @Override
  public CompletionStage<List<StoredSession>> all() {
    return call(Op.ALL, delegate::all);
  }

  @Override
  public CompletionStage<Void> clear() {
    return call(Op.CLEAR, delegate::clear);
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    return call(Op.FIND_BY_PRINCIPAL, () -> delegate.findByPrincipal(principal));
  }

  @Override
  public boolean sharesRecordData() {
    return delegate.sharesRecordData();
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    delegate.setExpiryListener(listener);
  }

  /** Closes the delegate and stops the store thread (held calls never complete). */
  @Override
  public void close() {
    delegate.close();
    storeThread.shutdownNow();
  }

  /** A future that records who blocks on it while incomplete; the stages derived from it do the same. */
  private static final class WatchedFuture<T> extends CompletableFuture<T> {
    private final ConcurrentLinkedQueue<String> waits;

    WatchedFuture(ConcurrentLinkedQueue<String> waits) {
      this.waits = waits;
    }

    private void recordIfBlocking() {
      if (!isDone()) {
        waits.add(Thread.currentThread().getName());
      }
    }

    @Override
    public T join() {
      recordIfBlocking();
      return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      recordIfBlocking();
      return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      recordIfBlocking();
      return super.get(timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new WatchedFuture<>(waits);
    }
  }
}
