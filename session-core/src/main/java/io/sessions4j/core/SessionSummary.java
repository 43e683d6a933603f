package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;

/**
 * What administration sees of a stored session without reading its attributes: its id and times.
 * {@link #toString()} redacts the id; {@link #handle()} names the session without being a credential
 * (what admin endpoints and the CLI show and take).
 *
 * @param id the session id (a credential: do not log it in full)
 * @param createdAt when the session was created
 * @param lastAccessedAt the last request that read or wrote it, as far as the store knows (lazy touch)
 * @param expiresAt when the store will expire it unless it is used again
 * @param userAgent the User-Agent of the request that created it, when {@code clientHints} recorded one; else null
 * @param clientAddress the client address of the request that created it, when {@code clientHints} recorded one; else null
 */
public record SessionSummary(String id, Instant createdAt, Instant lastAccessedAt, Instant expiresAt,
    String userAgent, String clientAddress) {

  /** A summary without client hints. */
  public SessionSummary(String id, Instant createdAt, Instant lastAccessedAt, Instant expiresAt) {
    this(id, createdAt, lastAccessedAt, expiresAt, null, null);
  }

  static SessionSummary of(StoredSession record) {
    return new SessionSummary(record.id(), record.createdAt(), record.lastAccessedAt(), record.expiresAt());
  }

  /** The summary of {@code record} with the client hints its document holds (a corrupt one: none). */
  static SessionSummary withHints(StoredSession record, AttributeCodec codec) {
    SessionDocument doc;
    try {
      doc = codec.decode(record.data());
    } catch (CorruptSessionException e) {
      return of(record);
    }
    return new SessionSummary(record.id(), record.createdAt(), record.lastAccessedAt(), record.expiresAt(),
        ClientHints.of(doc, ClientHints.USER_AGENT), ClientHints.of(doc, ClientHints.CLIENT_ADDRESS));
  }

  /** The session's handle ({@link SessionIds#handle}): names it in listings and revocations, reveals no id. */
  public String handle() {
    return SessionIds.handle(id);
  }

  @Override
  public String toString() {
    return "SessionSummary[handle=" + handle() + ", id=" + SessionIds.redact(id) + ", createdAt=" + createdAt
        + ", lastAccessedAt=" + lastAccessedAt + ", expiresAt=" + expiresAt + "]";
  }
}
