package io.sessions4j.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The decoded form of what a session persists: attribute values as JSON trees (decoded into Java
 * objects lazily, only when read), the aliases of registered types, and metadata. In cookie mode
 * the timestamps travel here too (the cookie is the only storage); in store mode they live in
 * {@link io.sessions4j.core.store.StoredSession} and are {@code -1} here.
 *
 * @param attributes attribute name to JSON value
 * @param types attribute name to registered type alias, for attributes holding registered types
 * @param maxAgeMillis the session's own max age: -1 none (use the configured one), 0 browser-session
 * @param createdAt epoch millis (cookie mode), else -1
 * @param lastAccessedAt epoch millis (cookie mode), else -1
 * @param expiresAt epoch millis of the server-side deadline (cookie mode), else -1
 * @param cookieExpiresAt epoch millis of the cookie's own expiry when last issued (for renew), or -1
 */
public record SessionDocument(
    Map<String, JsonNode> attributes,
    Map<String, String> types,
    long maxAgeMillis,
    long createdAt,
    long lastAccessedAt,
    long expiresAt,
    long cookieExpiresAt) {

  /** Marker for "not set" in the long fields. */
  public static final long UNSET = -1;
}
