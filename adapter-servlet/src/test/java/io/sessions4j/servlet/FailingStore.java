package io.sessions4j.servlet;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A store that is down for reads, for writes, or both. */
final class FailingStore implements SessionStore {
  private final boolean readsFail;

  FailingStore(boolean readsFail) {
    this.readsFail = readsFail;
  }

  private static <T> CompletionStage<T> down() {
    return CompletableFuture.failedFuture(new SessionStoreException("store is down (test)"));
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return readsFail ? down() : CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return down();
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return down();
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return down();
  }
}
