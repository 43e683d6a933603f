package io.sessions4j.core.event;

import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.StoreFailurePolicy;
import java.util.concurrent.TimeUnit;

/**
 * Told about session lifecycle events, rejected session tokens, the store's circuit breaker, and —
 * for metrics — about store calls, store failures, concurrent writes and sizes. Lifecycle events are
 * store-mode only (cookie-mode sessions have no server-side identity); {@link #idRejected}, the
 * cookie and document sizes and cookie overflow are reported in both modes. Callbacks run on the
 * thread that caused the event and must not block; exceptions they throw are logged and ignored.
 * Every method has an empty default, so a listener implements only what it needs; the {@code
 * session-micrometer} module turns all of them into meters.
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

  /**
   * A session a Node package left behind ({@code migrateFrom}) was imported: its attributes were
   * written as a new sessions4j session, and the Node cookie cleared (and its record deleted). Told
   * once per import, after {@link #created} in store mode, so that metrics can count how many users
   * are still to move.
   *
   * @param id the new session's id; null in cookie mode
   * @param from the npm package the session came from ({@code express-session}, {@code cookie-session}, {@code koa-session})
   */
  default void imported(String id, String from) {}

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

  /**
   * The engine called its store and the call answered (or failed, or timed out): {@code failure} is
   * null on success, else what the call failed with (a timeout is a {@code SessionStoreException}
   * whose cause is a {@link java.util.concurrent.TimeoutException}). Calls the circuit breaker or an
   * exhausted {@code storeTimeout} refused before they reached the store are not reported here.
   *
   * @param nanos how long the call took, in {@link TimeUnit#NANOSECONDS}
   */
  default void storeCalled(StoreOperation operation, long nanos, Throwable failure) {}

  /**
   * A request's store call failed and {@code storeFailurePolicy} decided what happened: {@link
   * StoreFailurePolicy#FAIL} answered 503, {@link StoreFailurePolicy#CONTINUE} went on with a fresh
   * session (at load) or lost the request's changes (at commit). Told once per failed request phase.
   */
  default void storeFailed(StoreFailurePolicy policy, StoreFailurePhase phase) {}

  /** A request's write met another request's write of the same session (see {@link WriteConflict}). */
  default void writeConflict(WriteConflict conflict) {}

  /**
   * Cookie mode: the sealed session's Set-Cookie header would be {@code bytes} long, over {@code
   * maxCookieSize}, and {@code policy} decided (the commit failed, or the client kept its previous cookie).
   */
  default void cookieOverflow(int bytes, CookieOverflow policy) {}

  /** Cookie mode: a Set-Cookie header of {@code bytes} carrying the sealed session was sent. */
  default void cookieWritten(int bytes) {}

  /**
   * A stored session document of {@code bytes} (encoded) was read and decoded: a store-mode session
   * loaded. A store that hands out its records unchanged (the memory store) has each version
   * decoded once, so re-reads of an unchanged session, or of the version this engine just wrote
   * (told by {@link #documentWritten}), are not told again: each document version is measured
   * about once, and how often sessions are read is the store's {@code get} count.
   */
  default void documentRead(int bytes) {}

  /**
   * An encoded session document of {@code bytes} was written whole: a new store record, a cookie-mode
   * session sealed (before sealing), or a changed session whose whole new document the store took
   * (the memory store, JDBC when no other write came between). A patch the store applies to the
   * document it holds (Redis, or after a concurrent write) is not measured here; the next read of
   * that version is.
   */
  default void documentWritten(int bytes) {}
}
