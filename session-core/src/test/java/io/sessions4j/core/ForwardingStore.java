package io.sessions4j.core;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A test store that hands every operation a store must have (and its administration) to a delegate;
 * subclasses change the one they are about. {@code update} and {@code take} are deliberately not
 * forwarded: they run the SPI's defaults over the forwarded get / save, as for a third-party store.
 */
abstract class ForwardingStore implements SessionStore, StoreAdministration {
  final SessionStore delegate;

  ForwardingStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return delegate.get(id);
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return delegate.save(session, expectedVersion);
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return StoreAdministration.of(delegate).set(session);
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return delegate.touch(id, accessedAt, expiresAt);
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return delegate.destroy(id);
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
}
