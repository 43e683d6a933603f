package io.sessions4j.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where store-mode sessions live: opaque bytes plus timestamps, keyed by id (the shape of scs's
 * store interface, which keeps stores small). Every method is asynchronous so event-loop frameworks
 * never block a loop thread; a blocking store runs its I/O on its own executor.
 *
 * <p>Writes are versioned: {@link #save(StoredSession, long)} succeeds only when the stored version
 * is the expected one, which lets the engine merge concurrent changes instead of losing them, and
 * keeps a destroyed session from being brought back by an in-flight request.
 *
 * <p>Implementations report failures by completing exceptionally (preferably with {@link
 * SessionStoreException}); a missing or expired record is an empty result, never a failure.
 */
public interface SessionStore extends AutoCloseable {

  /** The record, or empty when missing or expired. */
  CompletionStage<Optional<StoredSession>> get(String id);

  /**
   * Writes a record when the stored version equals {@code expectedVersion} ({@link
   * StoredSession#NEW} means "must not exist"), storing {@code session.version()} as the new version.
   *
   * @return true when written; false on a version conflict (or, for {@code NEW}, when the id exists)
   */
  CompletionStage<Boolean> save(StoredSession session, long expectedVersion);

  /** Writes a record unconditionally (create or overwrite). */
  CompletionStage<Void> set(StoredSession session);

  /**
   * Moves the expiry of an existing, unexpired record; never creates one.
   *
   * @return true when a record was touched
   */
  CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt);

  /** Deletes a record; deleting a missing id is not an error. */
  CompletionStage<Void> destroy(String id);

  /** The number of unexpired records. Optional: stores may not support it. */
  default CompletionStage<Long> length() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not count sessions");
  }

  /** All unexpired records; corrupt records are skipped. Optional: stores may not support it. */
  default CompletionStage<List<StoredSession>> all() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not list sessions");
  }

  /** Deletes every record. Optional: stores may not support it. */
  default CompletionStage<Void> clear() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not clear sessions");
  }

  /** Unexpired records whose principal is {@code principal}. Optional: stores may not index. */
  default CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not index principals");
  }

  /**
   * True when {@link #get} hands out the very {@code data} array it holds, the same one for as long
   * as the record is unchanged, and never modifies an array it has handed out (a write stores a new
   * array), as {@link io.sessions4j.core.store.memory.MemoryStore} does. The engine then decodes each
   * stored version once instead of on every read, keyed by the array's identity. A store that reads
   * a new array each time (over a network) keeps the default, false; a decorator returns its
   * delegate's answer.
   */
  default boolean sharesRecordData() {
    return false;
  }

  /** Registers the listener told about records the store itself expires. Optional. */
  default void setExpiryListener(ExpiryListener listener) {}

  /** Releases what the store owns (threads, pools it created); never what the caller passed in. */
  @Override
  default void close() {}

  /** Told when the store expires a record by itself. */
  @FunctionalInterface
  interface ExpiryListener {
    void expired(String id);
  }
}
