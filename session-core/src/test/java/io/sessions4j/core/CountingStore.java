package io.sessions4j.core;

import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the engine's store calls and can be told to fail, around a real store. */
class CountingStore implements SessionStore, StoreAdministration, SharedRecordData {
  final SessionStore delegate;
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger saves = new AtomicInteger();
  final AtomicInteger touches = new AtomicInteger();
  final AtomicInteger destroys = new AtomicInteger();
  volatile boolean failing;

  CountingStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  int writes() {
    return saves.get() + touches.get() + destroys.get();
  }

  private <T> CompletionStage<T> failed() {
    return CompletableFuture.failedFuture(new SessionStoreException("store is down (test)"));
  }

  @Override
  public boolean sharesRecordData() {
    return SharedRecordData.sharedBy(delegate);
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    gets.incrementAndGet();
    return failing ? failed() : delegate.get(id);
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    saves.incrementAndGet();
    return failing ? failed() : delegate.save(session, expectedVersion);
  }

  /** A patch of an existing session: counted as a save (one write). */
  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    saves.incrementAndGet();
    return failing ? failed() : delegate.update(patch);
  }

  /** Removing an id being retired: counted as a destroy. */
  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    destroys.incrementAndGet();
    return failing ? failed() : delegate.take(id);
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return StoreAdministration.of(delegate).set(session);
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    touches.incrementAndGet();
    return failing ? failed() : delegate.touch(id, accessedAt, expiresAt);
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    destroys.incrementAndGet();
    return failing ? failed() : delegate.destroy(id);
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
