package io.sessions4j.core.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One store-mode session as a store holds it: the encoded attribute document, timestamps, a
 * version for optimistic concurrency, and the principal name it is indexed under (may be null).
 * The {@code data} array is owned by the record: do not mutate it.
 */
public record StoredSession(
    String id,
    byte[] data,
    Instant createdAt,
    Instant lastAccessedAt,
    Instant expiresAt,
    long version,
    String principal) {

  /** The expected version meaning "no record with this id may exist yet". */
  public static final long NEW = 0;

  /**
   * The latest time a record holds, {@code 9999-12-31T23:59:59Z}: the last instant a cookie's
   * {@code Expires} can carry, and where the engine and the stores clamp "never" and anything later,
   * so every store keeps the same far-future value.
   */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** {@link #LATEST} in epoch milliseconds. */
  public static final long LATEST_MILLIS = LATEST.toEpochMilli();

  public StoredSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** True when the record's expiry is at or before {@code now}. */
  public boolean isExpired(Instant now) {
    return !expiresAt.isAfter(now);
  }

  /** A copy with new access and expiry times. */
  public StoredSession touched(Instant accessedAt, Instant newExpiry) {
    return new StoredSession(id, data, createdAt, accessedAt, newExpiry, version, principal);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSession s
        && id.equals(s.id)
        && Arrays.equals(data, s.data)
        && createdAt.equals(s.createdAt)
        && lastAccessedAt.equals(s.lastAccessedAt)
        && expiresAt.equals(s.expiresAt)
        && version == s.version
        && Objects.equals(principal, s.principal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(data), expiresAt, version);
  }

  /** Never prints the full id or the data. */
  @Override
  public String toString() {
    return "StoredSession[id=" + io.sessions4j.core.id.SessionIds.redact(id) + ", bytes=" + data.length
        + ", expiresAt=" + expiresAt + ", version=" + version + "]";
  }
}
