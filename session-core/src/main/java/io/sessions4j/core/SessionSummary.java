package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * What an admin endpoint shows of the session, ready for JSON, with no credential in it: {@code
   * handle}, {@code id} (redacted), {@code createdAt}, {@code lastAccessedAt}, {@code expiresAt}
   * (ISO-8601 strings), and {@code userAgent} / {@code clientAddress} when {@code clientHints}
   * recorded them. Every framework's endpoint answers with this shape.
   */
  public Map<String, Object> describe() {
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("handle", handle());
    session.put("id", SessionIds.redact(id));
    session.put("createdAt", String.valueOf(createdAt));
    session.put("lastAccessedAt", String.valueOf(lastAccessedAt));
    session.put("expiresAt", String.valueOf(expiresAt));
    if (userAgent != null) {
      session.put("userAgent", userAgent);
    }
    if (clientAddress != null) {
      session.put("clientAddress", clientAddress);
    }
    return session;
  }

  @Override
  public String toString() {
    return "SessionSummary[handle=" + handle() + ", id=" + SessionIds.redact(id) + ", createdAt=" + createdAt
        + ", lastAccessedAt=" + lastAccessedAt + ", expiresAt=" + expiresAt + "]";
  }
}
