package io.sessions4j.core.event;

/**
 * Why a session token the client presented was not used: the request then goes on with the next
 * token it presented, or with a new session. Reported to {@link SessionListener#idRejected} once per
 * token, so that metrics can count them apart — a run of {@link #BAD_SIGNATURE} is worth an alert,
 * a run of {@link #EXPIRED} is ordinary.
 */
public enum IdRejection {
  /** Not a token this configuration writes: wrong shape, characters, length or version tag. */
  MALFORMED,
  /**
   * Shaped like a sealed token but not authentic: tampered, forged, sealed for another cookie or
   * application, or sealed with a key no longer configured.
   */
  BAD_SIGNATURE,
  /**
   * Authentic, but the store holds no session under its id: ended, swept, never stored — or expired
   * in a store that stops returning records once they expire (most do: memory, Redis, JDBC).
   */
  UNKNOWN,
  /**
   * Authentic, but the session is past its expiry, idle timeout or absolute lifetime (in store mode
   * only seen when the store still returns the record, e.g. past {@code absoluteTimeout}).
   */
  EXPIRED,
  /** Authentic and live, but the application's {@code validate} hook refused it. */
  INVALID,
  /** Authentic, but what it names could not be decoded (a corrupt record or cookie payload). */
  CORRUPT
}
