package io.sessions4j.core.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where store-mode sessions live: opaque bytes plus timestamps, keyed by id (the shape of scs's
 * store interface, which keeps stores small). Every method is asynchronous so event-loop frameworks
 * never block a loop thread; a blocking store runs its I/O on its own executor.
 *
 * <p>Concurrent requests of one session queue, they never race: a new record is created with
 * {@link #save(StoredSession, long) save(record, NEW)} (which fails if the id exists); an existing
 * one changes only through {@link #update} (the request's attribute changes, applied atomically to
 * the record as it stands) and leaves only through {@link #take} or {@link #destroy}. Neither
 * {@code update} nor {@link #touch} ever creates a record, so a destroyed session is never brought
 * back by a request still in flight. Every write moves the record's version on.
 *
 * <p>Implementations report failures by completing exceptionally (preferably with {@link
 * SessionStoreException}); a missing or expired record is an empty result, never a failure. Ids
 * reach a store from application code too ({@code SessionManager.destroy(id)}): a store that builds
 * keys or statements from them (JDBC, Redis) treats an id that is not {@link
 * io.sessions4j.core.id.SessionIds#isWellFormed well formed} as absent on read and refuses it on
 * write ({@link io.sessions4j.core.id.SessionIds#problemWith}), without I/O.
 *
 * <p>This is all the engine needs. What some stores can do beyond it is a capability of its own,
 * which a store implements when it has it and the engine asks for with {@code instanceof}: {@link
 * PrincipalIndex} (find sessions by principal), {@link StoreAdministration} (write unconditionally,
 * count, list, clear), {@link SharedRecordData} (a performance hint) and {@link LayoutLimits} (the
 * guarantees beyond the engine's needs that a store in another program's layout does not keep,
 * which the store conformance suite asks for). A decorator implements the
 * capabilities it can forward and forwards them to its delegate.
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

  /**
   * Applies one request's changes to the live record {@code patch.id()} atomically: its set and
   * removed attributes, its max age, the new access time and expiry, the principal if it changed;
   * the version moves on. Writers of one session wait for each other (a lock, a single statement or
   * script), never read back and retry, so concurrent writers of different attributes all land and
   * the same attribute ends with the value applied last. A patch never creates a record.
   *
   * <p>The default applies the patch with versioned {@link #get} and {@link #save} calls, retrying
   * on a conflict (with a short random pause, a bounded number of times): correct for any store,
   * but it is exactly the read-and-retry loop a store should avoid by overriding this.
   *
   * @return the record's new version, or {@link StoredSession#NEW} when there was no live record
   *     with that id (destroyed, expired or retired meanwhile), in which case nothing was written
   */
  default CompletionStage<Long> update(SessionPatch patch) {
    return VersionedFallback.update(this, patch);
  }

  /**
   * Removes the live record {@code id} and hands back what it held, atomically: of several callers
   * taking one id at once, at most one receives the record. The engine takes a session's old id
   * when the session changes id (regenerate, change-id), so a racing writer or a second id change
   * cannot keep the old id alive.
   *
   * <p>The default claims the record with a versioned {@link #save} of an expired tombstone,
   * retrying on a conflict; stores override it with one atomic operation.
   *
   * @return the record as it was, or empty when there was no live record with that id
   */
  default CompletionStage<Optional<StoredSession>> take(String id) {
    return VersionedFallback.take(this, id);
  }

  /**
   * Moves the expiry of an existing, unexpired record; never creates one.
   *
   * @return true when a record was touched
   */
  CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt);

  /** Deletes a record; deleting a missing id is not an error. */
  CompletionStage<Void> destroy(String id);

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
