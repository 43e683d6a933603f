package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that counts the calls an engine makes on the real one (every operation, atomic {@code
 * update} and {@code take} forwarded as they are), so a drill can tell how many reached the store
 * while the engine's circuit breaker was open. Closing it leaves the real store open.
 */
final class CountingStore implements SessionStore {
  private final SessionStore delegate;
  private final AtomicLong calls = new AtomicLong();

  CountingStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  /** Calls made so far. */
  long calls() {
    return calls.get();
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    calls.incrementAndGet();
    return delegate.get(id);
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    calls.incrementAndGet();
    return delegate.save(session, expectedVersion);
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    calls.incrementAndGet();
    return delegate.update(patch);
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    calls.incrementAndGet();
    return delegate.take(id);
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    calls.incrementAndGet();
    return delegate.touch(id, accessedAt, expiresAt);
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    calls.incrementAndGet();
    return delegate.destroy(id);
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    delegate.setExpiryListener(listener);
  }
}
