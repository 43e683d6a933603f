package io.sessions4j.store.redis;

import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Wire format of one session record: a Redis hash. Field names are one letter to keep small
 * sessions small; numbers are decimal ASCII; times are epoch milliseconds. Format 1:
 *
 * <pre>
 *   d   the encoded attribute document (bytes, as the core's codec wrote them)
 *   c   createdAt
 *   a   lastAccessedAt
 *   e   expiresAt (the key also carries a matching TTL)
 *   v   version (compare-and-set counter; 1 for a new record)
 *   p   principal name (absent when none)
 *   ix  until when the principal index key is known to be kept alive (absent when no principal)
 *   f   format version ("1")
 * </pre>
 *
 * A reader of format N reads every format up to N; a record of a newer format is reported, never
 * misread.
 */
final class RecordFormat {
  static final String DATA = "d";
  static final String CREATED = "c";
  static final String ACCESSED = "a";
  static final String EXPIRES = "e";
  static final String VERSION = "v";
  static final String PRINCIPAL = "p";
  static final String INDEX_EXPIRY = "ix";
  static final String FORMAT = "f";
  static final int CURRENT_FORMAT = 1;

  private RecordFormat() {}

  /**
   * The record held by the fields of an HGETALL, or null when the key does not exist.
   *
   * @throws SessionStoreException when the hash is not a readable record
   */
  static StoredSession parse(String id, Map<String, byte[]> fields) {
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    byte[] format = fields.get(FORMAT);
    if (format != null && number(id, FORMAT, format) > CURRENT_FORMAT) {
      throw corrupt(id, "record format " + text(format) + " is newer than this sessions4j reads ("
          + CURRENT_FORMAT + ")");
    }
    byte[] data = fields.get(DATA);
    if (data == null) {
      throw corrupt(id, "field '" + DATA + "' is missing");
    }
    byte[] principal = fields.get(PRINCIPAL);
    return new StoredSession(id, data,
        Instant.ofEpochMilli(number(id, CREATED, fields.get(CREATED))),
        Instant.ofEpochMilli(number(id, ACCESSED, fields.get(ACCESSED))),
        Instant.ofEpochMilli(number(id, EXPIRES, fields.get(EXPIRES))),
        number(id, VERSION, fields.get(VERSION)),
        principal == null || principal.length == 0 ? null : text(principal));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static long number(String id, String field, byte[] value) {
    if (value == null) {
      throw corrupt(id, "field '" + field + "' is missing");
    }
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw corrupt(id, "field '" + field + "' is not a number");
    }
  }

  private static SessionStoreException corrupt(String id, String why) {
    return new SessionStoreException("stored session " + SessionIds.redact(id) + " is not a readable record: " + why);
  }
}
