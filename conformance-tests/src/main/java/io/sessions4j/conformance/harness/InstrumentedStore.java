package io.sessions4j.conformance.harness;

import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A {@link SessionStore} decorator that lets the kit observe the server side over HTTP: it counts
 * get / save / set / touch / destroy calls (in total and per session id), and can make the next
 * N calls of an operation fail, completing exceptionally with {@link SessionStoreException}, as an
 * outage would. Every store profile's store is wrapped in one. It offers the capabilities a store
 * may have ({@link PrincipalIndex}, {@link StoreAdministration}, {@link SharedRecordData}, {@link LayoutLimits}) and
 * forwards them to its delegate, which fails a call the delegate cannot answer as the delegate
 * would ({@link UnsupportedOperationException}).
 */
public final class InstrumentedStore
    implements SessionStore, PrincipalIndex, StoreAdministration, SharedRecordData, LayoutLimits {

  /**
   * The counted operations. {@code save} and {@code set} are both writes; an {@code update} (a
   * patch) counts as a {@code save}, a {@code take} (removing an id being retired) as a {@code
   * destroy}.
   */
  public enum Op { GET, SAVE, SET, TOUCH, DESTROY }

  /** Which calls {@link #failNext} makes fail: one op, or every write. */
  public enum Failure {
    GET(Op.GET), SAVE(Op.SAVE, Op.SET), TOUCH(Op.TOUCH), DESTROY(Op.DESTROY);

    private final List<Op> ops;

    Failure(Op... ops) {
      this.ops = List.of(ops);
    }
  }

  /** Call counts by op. */
  public record Counts(long get, long save, long set, long touch, long destroy) {
    /** Writes of any kind: {@code save + set}. */
    public long writes() {
      return save + set;
    }
  }

  private final SessionStore delegate;
  private final AtomicLongArray totals = new AtomicLongArray(Op.values().length);
  private final Map<String, AtomicLongArray> byId = new ConcurrentHashMap<>();
  private final Map<Failure, AtomicInteger> failures = new EnumMap<>(Failure.class);

  public InstrumentedStore(SessionStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    for (Failure f : Failure.values()) {
      failures.put(f, new AtomicInteger());
    }
  }

  /** The wrapped store, for reading state without counting it. */
  public SessionStore delegate() {
    return delegate;
  }

  /** Counts since the last {@link #reset()}. */
  public Counts counts() {
    return counts(totals);
  }

  /** Counts of calls for one session id since the last {@link #reset()}. */
  public Counts counts(String id) {
    AtomicLongArray c = byId.get(id);
    return c == null ? new Counts(0, 0, 0, 0, 0) : counts(c);
  }

  private static Counts counts(AtomicLongArray c) {
    return new Counts(c.get(Op.GET.ordinal()), c.get(Op.SAVE.ordinal()), c.get(Op.SET.ordinal()),
        c.get(Op.TOUCH.ordinal()), c.get(Op.DESTROY.ordinal()));
  }

  /** Makes the next {@code count} calls of {@code failure}'s operations fail. */
  public void failNext(Failure failure, int count) {
    failures.get(failure).set(count);
  }

  /** Clears the counters and any pending failures. */
  public void reset() {
    for (int i = 0; i < totals.length(); i++) {
      totals.set(i, 0);
    }
    byId.clear();
    failures.values().forEach(f -> f.set(0));
  }

  /**
   * Counts the call, then answers whether it must fail. Every call of the failing op consumes one
   * failure, so "fail the next N" holds whichever writes the engine chooses.
   */
  private <T> CompletionStage<T> call(Op op, String id, java.util.function.Supplier<CompletionStage<T>> action) {
    totals.incrementAndGet(op.ordinal());
    if (id != null) {
      byId.computeIfAbsent(id, k -> new AtomicLongArray(Op.values().length)).incrementAndGet(op.ordinal());
    }
    for (Failure f : Failure.values()) {
      if (f.ops.contains(op) && failures.get(f).getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        return CompletableFuture.failedFuture(
            new SessionStoreException("conformance: injected " + op.name().toLowerCase() + " failure"));
      }
    }
    return action.get();
  }

  @Override
  public boolean sharesRecordData() {
    return SharedRecordData.sharedBy(delegate);
  }

  /** The delegate's limits (none for a store that keeps every guarantee). */
  @Override
  public Map<Guarantee, String> limits() {
    return LayoutLimits.of(delegate);
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return call(Op.GET, id, () -> delegate.get(id));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return call(Op.SAVE, session.id(), () -> delegate.save(session, expectedVersion));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    return call(Op.SAVE, patch.id(), () -> delegate.update(patch));
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    return call(Op.DESTROY, id, () -> delegate.take(id));
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return call(Op.SET, session.id(), () -> StoreAdministration.of(delegate).set(session));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return call(Op.TOUCH, id, () -> delegate.touch(id, accessedAt, expiresAt));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return call(Op.DESTROY, id, () -> delegate.destroy(id));
  }

  @Override
  public CompletionStage<Long> length() {
    return StoreAdministration.of(delegate).length();
  }

  @Override
  public CompletionStage<List<StoredSession>> all() {
    return StoreAdministration.of(delegate).all();
  }

  @Override
  public CompletionStage<Void> clear() {
    return StoreAdministration.of(delegate).clear();
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    return PrincipalIndex.of(delegate).findByPrincipal(principal);
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    delegate.setExpiryListener(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
