package io.sessions4j.core.store;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A {@link SessionStore} capability for operators, tools and tests, never used by the engine on a
 * request: writing a record unconditionally, counting, listing and removing every record. On large
 * stores the last three cost time proportional to everything stored. The memory, JDBC and Redis
 * stores have it.
 */
public interface StoreAdministration {

  /** Writes a record unconditionally (create or overwrite), e.g. to import or seed sessions. */
  CompletionStage<Void> set(StoredSession session);

  /** The number of unexpired records. */
  CompletionStage<Long> length();

  /** All unexpired records; corrupt records are skipped. */
  CompletionStage<List<StoredSession>> all();

  /** Deletes every record. */
  CompletionStage<Void> clear();

  /**
   * The administration of {@code store}.
   *
   * @throws UnsupportedOperationException when the store offers none
   */
  static StoreAdministration of(SessionStore store) {
    if (store instanceof StoreAdministration admin) {
      return admin;
    }
    throw new UnsupportedOperationException(store.getClass().getSimpleName()
        + " offers no administration (set, length, all, clear)");
  }
}
