package io.sessions4j.core;

import io.sessions4j.core.codec.SessionDocument;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * The session's clocks as pure functions of the configuration: the expiry window, the server-side
 * deadline, the cookie's expiry, the absolute deadline, and when a lazy touch, an idle-timeout
 * slide or a renew is due. No state, no I/O: every answer depends only on its arguments.
 *
 * <p>The server-side deadline is {@code min(now + window, createdAt + absoluteTimeout)}, where the
 * window is the idle timeout, else the session's max age, else the default lifetime. Arithmetic past
 * year 9999 is clamped to {@link #LATEST}.
 */
final class ExpiryPolicy {
  /** The latest instant any deadline is set to. */
  static final Instant LATEST = io.sessions4j.core.store.StoredSession.LATEST;

  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Duration defaultLifetime;
  private final double touchAfter;
  private final double renewBelow;

  ExpiryPolicy(SessionConfig config) {
    this.idleTimeout = config.idleTimeout();
    this.absoluteTimeout = config.absoluteTimeout();
    this.defaultLifetime = config.defaultLifetime();
    this.touchAfter = config.touchAfter();
    this.renewBelow = config.renewBelow();
  }

  /**
   * The expiry window: idle timeout, else the session's max age, else the default lifetime.
   *
   * @param maxAge the session's effective max age; null for a browser-session cookie
   */
  Duration window(Duration maxAge) {
    if (idleTimeout != null) {
      return idleTimeout;
    }
    return maxAge != null ? maxAge : defaultLifetime;
  }

  /** The server-side deadline of a session created at {@code createdAt}, written or touched at {@code now}. */
  Instant expiry(Instant createdAt, Duration maxAge, Instant now) {
    return capped(createdAt, plus(now, window(maxAge)));
  }

  /** When a cookie issued at {@code now} expires; null for a browser-session cookie (no max age). */
  Instant cookieExpiry(Instant createdAt, Duration maxAge, Instant now) {
    return maxAge == null ? null : capped(createdAt, plus(now, maxAge));
  }

  /**
   * Whether a session last written or touched at {@code lastAccessedAt} has passed its expiry window
   * under <em>this</em> configuration at {@code now}: so that shortening {@code idleTimeout} or
   * {@code maxAge} takes effect on sessions (and sealed cookies) issued before.
   */
  boolean pastWindow(Instant lastAccessedAt, Duration maxAge, Instant now) {
    return !plus(lastAccessedAt, window(maxAge)).isAfter(now);
  }

  /** Whether a session created at {@code createdAt} has passed its absolute lifetime at {@code now}. */
  boolean pastAbsoluteDeadline(Instant createdAt, Instant now) {
    return absoluteTimeout != null && !plus(createdAt, absoluteTimeout).isAfter(now);
  }

  /** Lazy touch: due once {@code touchAfter} of the window has passed since the last write or touch. */
  boolean touchDue(Instant lastAccessedAt, Duration maxAge, Instant now) {
    long windowMillis = window(maxAge).toMillis();
    long elapsed = Duration.between(lastAccessedAt, now).toMillis();
    return elapsed >= (long) (touchAfter * windowMillis);
  }

  /** Cookie mode with an idle timeout: the sealed deadline must slide forward, lazily. */
  boolean idleSlideDue(Instant lastAccessedAt, Duration maxAge, Instant now) {
    return idleTimeout != null && touchDue(lastAccessedAt, maxAge, now);
  }

  /**
   * Renew: the cookie is re-issued when less than {@code renewBelow} of the max age is left on it.
   *
   * @param cookieExpiresAt when the client's cookie expires (epoch millis), or {@link
   *     SessionDocument#UNSET} when unknown
   */
  boolean renewDue(Duration maxAge, boolean isNew, long cookieExpiresAt, Instant now) {
    if (renewBelow <= 0 || maxAge == null || isNew || cookieExpiresAt == SessionDocument.UNSET) {
      return false;
    }
    long left = cookieExpiresAt - now.toEpochMilli();
    return left < (long) (renewBelow * maxAge.toMillis());
  }

  /** Whether renew is configured at all (then the cookie's expiry is kept in the stored document). */
  boolean renews() {
    return renewBelow > 0;
  }

  private Instant capped(Instant createdAt, Instant expiry) {
    if (absoluteTimeout != null) {
      Instant absolute = plus(createdAt, absoluteTimeout);
      if (absolute.isBefore(expiry)) {
        return absolute;
      }
    }
    return expiry;
  }

  /** {@code base + d}, clamped to {@link #LATEST} instead of overflowing. */
  static Instant plus(Instant base, Duration d) {
    try {
      Instant result = base.plus(d);
      return result.isAfter(LATEST) ? LATEST : result;
    } catch (ArithmeticException | DateTimeException tooFar) {
      return LATEST;
    }
  }
}
