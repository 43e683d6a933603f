package io.sessions4j.core.store;

import io.sessions4j.core.id.SessionIds;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link SessionStore#update} and {@link SessionStore#take} for a store that offers only versioned
 * {@code get} and {@code save}: read, apply, compare-and-set, and on a conflict pause briefly and
 * try again. It is correct for any store, and it is the loop the stores of this project replace
 * with one atomic operation each; a third-party store gets it until it does the same.
 */
final class VersionedFallback {
  /** Conflicts tolerated before giving up; the engine's storeTimeout usually ends it sooner. */
  static final int MAX_ATTEMPTS = 200;

  private VersionedFallback() {}

  static CompletionStage<Long> update(SessionStore store, SessionPatch patch) {
    return update(store, patch, 1);
  }

  private static CompletionStage<Long> update(SessionStore store, SessionPatch patch, int attempt) {
    return store.get(patch.id()).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(StoredSession.NEW);
      }
      StoredSession current = found.get();
      long next = current.version() + 1;
      StoredSession patched = new StoredSession(current.id(), patch.documentOver(current),
          current.createdAt(), patch.accessedAt(), patch.expiresAt(), next,
          patch.principalAfter(current.principal()));
      return store.save(patched, current.version()).thenCompose(written -> written
          ? CompletableFuture.completedFuture(next)
          : retry(attempt, patch.id(), () -> update(store, patch, attempt + 1)));
    });
  }

  static CompletionStage<Optional<StoredSession>> take(SessionStore store, String id) {
    return take(store, id, 1);
  }

  private static CompletionStage<Optional<StoredSession>> take(SessionStore store, String id, int attempt) {
    return store.get(id).thenCompose(found -> {
      if (found.isEmpty()) {
        return CompletableFuture.completedFuture(Optional.<StoredSession>empty());
      }
      StoredSession current = found.get();
      Instant now = Instant.now();
      Instant gone = current.lastAccessedAt().isBefore(now) ? current.lastAccessedAt() : now;
      StoredSession tombstone = new StoredSession(id, new byte[0], current.createdAt(), gone, gone,
          current.version() + 1, null);
      return store.save(tombstone, current.version()).thenCompose(claimed -> claimed
          ? store.destroy(id).thenApply(v -> found)
          : retry(attempt, id, () -> take(store, id, attempt + 1)));
    });
  }

  private static <T> CompletionStage<T> retry(int attempt, String id,
      java.util.function.Supplier<CompletionStage<T>> again) {
    if (attempt >= MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(new SessionStoreException("session " + SessionIds.redact(id)
          + " kept changing for " + attempt + " versioned write attempts; the store should implement "
          + "SessionStore.update and take atomically"));
    }
    long maxMillis = Math.min(32, 1L << Math.min(attempt, 5));
    long pause = ThreadLocalRandom.current().nextLong(maxMillis + 1);
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
        .thenCompose(v -> again.get());
  }
}
