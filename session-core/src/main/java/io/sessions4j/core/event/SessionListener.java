package io.sessions4j.core.event;

/**
 * Told about session lifecycle events, rejected session tokens, and the store's circuit breaker.
 * Lifecycle events are store-mode only (cookie-mode sessions have no server-side identity);
 * {@link #idRejected} is reported in both modes. Callbacks run on the thread that caused the event
 * and must not block; exceptions they throw are logged and ignored.
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

  /**
   * The store's circuit breaker changed state ({@code storeBreaker}): told once per transition,
   * never per request — e.g. for metrics or alerts. The engine also logs each transition once.
   */
  default void storeBreakerChanged(BreakerState from, BreakerState to) {}

  /**
   * A token the client presented was not used, and why (both modes) — e.g. to count tampering
   * apart from ordinary expiry. Told once for each presented token found unusable (a request may
   * present a few: duplicated cookies, an id header); tokens after the one that is used may not be
   * looked at. Never told the token or its id.
   */
  default void idRejected(IdRejection reason) {}
}
