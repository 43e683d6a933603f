package io.sessions4j.core.event;

/**
 * Told about session lifecycle events. Store-mode only (cookie-mode sessions have no server-side
 * identity). Callbacks run on the thread that caused the event and must not block; exceptions they
 * throw are logged and ignored.
 */
public interface SessionListener {

  /** A new session was first persisted. */
  default void created(String id) {}

  /** A session was destroyed by the application, or retired by regenerate (its data dropped with it). */
  default void destroyed(String id) {}

  /**
   * A session changed its id and kept its data ({@code Session.changeId()}, e.g. at login): it is
   * now stored under {@code newId}, and {@code oldId} no longer works. Reported once the new id is
   * stored. A regenerate, which drops the data, is reported as {@link #destroyed} and {@link #created}
   * instead.
   *
   * <p>The default reports the change as the old id destroyed and the new one created, as before
   * this method existed, so listeners that only count or index sessions by id keep working.
   */
  default void idChanged(String oldId, String newId) {
    destroyed(oldId);
    created(newId);
  }

  /** The store expired a session (reported only by stores able to observe expiry). */
  default void expired(String id) {}
}
