package io.sessions4j.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire format of one session record: a Redis hash. Meta field names are one or two letters to keep
 * small sessions small; numbers are decimal ASCII; times are epoch milliseconds.
 *
 * <p>Every record has these meta fields:
 *
 * <pre>
 *   c   createdAt
 *   a   lastAccessedAt
 *   e   expiresAt (the key also carries a matching TTL)
 *   v   version (compare-and-set counter, +1 on every write)
 *   p   principal name (absent when none)
 *   ix  until when the principal index key is known to be kept alive (absent when no principal)
 *   f   format: "2" (attributes in their own fields) or "1" (the whole document in d)
 * </pre>
 *
 * <p><b>Format 2</b> keeps the session document ({@code {"v":1,"a":{…},"t":{…},"m":…,"k":…}}, see
 * the core's {@code AttributeCodec}) split over fields, so that a script applies an attribute
 * patch with HSET/HDEL and never parses JSON:
 *
 * <pre>
 *   a:&lt;name&gt;   the JSON bytes of attribute &lt;name&gt;, exactly as the codec writes the value
 *   t:&lt;name&gt;   the registered-type alias of attribute &lt;name&gt; (absent: plain JSON)
 *   m        the session's own max age (document field m; absent: unset)
 *   k        the expiry of the last cookie issued, for renew (document field k; absent: unset)
 * </pre>
 *
 * &lt;name&gt; is the attribute name's UTF-8 bytes as they are, whatever they contain. Attribute
 * fields are exactly the fields that start with {@code a:} or {@code t:}; no meta field does, so an
 * attribute name (empty, {@code v}, {@code :}, {@code a:x}, any Unicode) never meets a meta field.
 * Reading (one HGETALL) reassembles the document bytes: the attributes in hash order, then the
 * aliases, then m and k, each name JSON-escaped, each value copied as stored.
 *
 * <p><b>Format 1</b> (every record of the previous release) holds the encoded document whole in
 * field {@code d}. It is still read; the update script refuses it and the store converts the
 * record to format 2 with one versioned save of the patched document. {@link #split} also falls
 * back to format 1 for data that is not a session document in the codec's own encoding (bytes the
 * engine never writes), so that such data still round-trips byte for byte.
 *
 * <p>A reader of format N reads every format up to N; a record of a newer format is reported, never
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
  static final String MAX_AGE = "m";
  static final String RENEW = "k";
  static final String ATTRIBUTE = "a:";
  static final String ALIAS = "t:";

  /** The whole document in {@link #DATA}. */
  static final int WHOLE_DOCUMENT = 1;
  /** Attributes in their own fields. */
  static final int FIELDS = 2;
  static final int CURRENT_FORMAT = FIELDS;

  /** Splits and checks documents; documents carry no Java types, so no allow-list. */
  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  private static final byte[] OPEN = ascii("{\"v\":1,\"a\":{");
  private static final byte[] TYPES = ascii(",\"t\":{");
  private static final byte[] MAX_AGE_FIELD = ascii(",\"m\":");
  private static final byte[] RENEW_FIELD = ascii(",\"k\":");

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
    byte[] data = isFields(id, fields) ? assemble(id, fields) : fields.get(DATA);
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

  /**
   * True when the record keeps its attributes in fields (format 2), false for a whole document
   * (format 1, or no format field).
   *
   * @throws SessionStoreException for a format newer than this reader knows
   */
  static boolean isFields(String id, Map<String, byte[]> fields) {
    byte[] format = fields.get(FORMAT);
    long f = format == null ? WHOLE_DOCUMENT : number(id, FORMAT, format);
    if (f > CURRENT_FORMAT) {
      throw corrupt(id, "record format " + text(format) + " is newer than this sessions4j reads ("
          + CURRENT_FORMAT + ")");
    }
    return f == FIELDS;
  }

  /**
   * The format-2 fields (name, value, name, value, …) holding {@code data}, or null when the data
   * must be kept whole (format 1): it is not a store-mode session document, or not in the exact
   * encoding the codec writes, so that reassembling it would not give back the same bytes.
   */
  static List<byte[]> split(byte[] data) {
    SessionDocument doc;
    Map<String, byte[]> fields = new LinkedHashMap<>();
    try {
      doc = DOCUMENTS.decode(data);
      if (doc.createdAt() != SessionDocument.UNSET || doc.lastAccessedAt() != SessionDocument.UNSET
          || doc.expiresAt() != SessionDocument.UNSET) {
        return null; // a cookie-mode document: its timestamps have no fields here
      }
      for (Map.Entry<String, JsonNode> e : doc.attributes().entrySet()) {
        if (!survivesUtf8(e.getKey())) {
          return null;
        }
        fields.put(ATTRIBUTE + e.getKey(), DOCUMENTS.encodeValue(e.getValue()));
      }
    } catch (CorruptSessionException | IllegalArgumentException notADocument) {
      return null;
    }
    for (Map.Entry<String, String> e : doc.types().entrySet()) {
      if (!survivesUtf8(e.getValue())) {
        return null;
      }
      fields.put(ALIAS + e.getKey(), bytes(e.getValue()));
    }
    if (doc.maxAgeMillis() != SessionDocument.UNSET) {
      fields.put(MAX_AGE, bytes(doc.maxAgeMillis()));
    }
    if (doc.cookieExpiresAt() != SessionDocument.UNSET) {
      fields.put(RENEW, bytes(doc.cookieExpiresAt()));
    }
    if (!Arrays.equals(assemble(null, fields), data)) {
      return null; // not byte for byte the codec's encoding (spacing, number forms, field order)
    }
    List<byte[]> pairs = new ArrayList<>(fields.size() * 2);
    fields.forEach((name, value) -> {
      pairs.add(bytes(name));
      pairs.add(value);
    });
    return pairs;
  }

  /**
   * True when {@code s} is well-formed UTF-16, so that its UTF-8 bytes (a field name or value in
   * Redis) decode back to the same string; a lone surrogate would come back as {@code ?}.
   */
  static boolean survivesUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The session document held by the fields of a format-2 record: {@code {"v":1,"a":{…}}} with the
   * attributes in hash order, then {@code "t"} when any attribute has an alias, then {@code m} and
   * {@code k} when set — the codec's own layout, so a document {@link #split} accepted comes back
   * byte for byte (as long as Redis keeps the hash's order, which small hashes do).
   */
  static byte[] assemble(String id, Map<String, byte[]> fields) {
    List<byte[]> attributes = new ArrayList<>();
    List<byte[]> types = new ArrayList<>();
    int size = OPEN.length + 2;
    for (Map.Entry<String, byte[]> e : fields.entrySet()) {
      String field = e.getKey();
      if (field.startsWith(ATTRIBUTE)) {
        byte[] name = quoted(field.substring(ATTRIBUTE.length()));
        attributes.add(name);
        attributes.add(e.getValue());
        size += name.length + 4 + e.getValue().length; // "name":value,
      } else if (field.startsWith(ALIAS)) {
        byte[] name = quoted(field.substring(ALIAS.length()));
        byte[] alias = quoted(text(e.getValue()));
        types.add(name);
        types.add(alias);
        size += name.length + 6 + alias.length; // "name":"alias",
      }
    }
    byte[] maxAge = fields.get(MAX_AGE);
    byte[] renew = fields.get(RENEW);
    if (maxAge != null) {
      maxAge = bytes(number(id, MAX_AGE, maxAge));
      size += MAX_AGE_FIELD.length + maxAge.length;
    }
    if (renew != null) {
      renew = bytes(number(id, RENEW, renew));
      size += RENEW_FIELD.length + renew.length;
    }
    // each object has one comma fewer than members; the types object adds ,"t":{ and }
    size -= attributes.isEmpty() ? 0 : 1;
    size += types.isEmpty() ? 0 : TYPES.length;
    Out out = new Out(size);
    out.put(OPEN);
    out.members(attributes, false);
    out.put((byte) '}');
    if (!types.isEmpty()) {
      out.put(TYPES);
      out.members(types, true);
      out.put((byte) '}');
    }
    if (maxAge != null) {
      out.put(MAX_AGE_FIELD);
      out.put(maxAge);
    }
    if (renew != null) {
      out.put(RENEW_FIELD);
      out.put(renew);
    }
    out.put((byte) '}');
    if (out.at != size) {
      throw new IllegalStateException("document size miscounted: " + out.at + " of " + size);
    }
    return out.bytes;
  }

  /** A fixed-size byte array filled front to back. */
  private static final class Out {
    final byte[] bytes;
    int at;

    Out(int size) {
      bytes = new byte[size];
    }

    void put(byte b) {
      bytes[at++] = b;
    }

    void put(byte[] b) {
      System.arraycopy(b, 0, bytes, at, b.length);
      at += b.length;
    }

    /**
     * name, value, name, value … as {@code "name":value,"name":value}, or with {@code quoted} as
     * {@code "name":"value","name":"value"} (the values are JSON string contents already escaped).
     */
    void members(List<byte[]> pairs, boolean quoted) {
      for (int i = 0; i < pairs.size(); i += 2) {
        if (i > 0) {
          put((byte) ',');
        }
        put((byte) '"');
        put(pairs.get(i));
        put((byte) '"');
        put((byte) ':');
        if (quoted) {
          put((byte) '"');
        }
        put(pairs.get(i + 1));
        if (quoted) {
          put((byte) '"');
        }
      }
    }
  }

  /**
   * A JSON string's escaped UTF-8 bytes without its quotes, exactly as the codec writes it (its
   * generator escapes control characters and writes characters beyond the BMP as escaped surrogate
   * pairs). Plain printable ASCII, the usual attribute name, is its own escaping.
   */
  private static byte[] quoted(String s) {
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }
    if (plain) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] json = DOCUMENTS.encodeValue(TextNode.valueOf(s));
    return Arrays.copyOfRange(json, 1, json.length - 1);
  }

  /** The fields of an HGETALL-shaped flat reply (name, value, …), in reply order. */
  static Map<String, byte[]> fieldsOf(List<?> reply) {
    Map<String, byte[]> fields = new LinkedHashMap<>(Math.max(16, reply.size()));
    for (int i = 0; i + 1 < reply.size(); i += 2) {
      fields.put(text((byte[]) reply.get(i)), (byte[]) reply.get(i + 1));
    }
    return fields;
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

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
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
    String which = id == null ? "" : " " + SessionIds.redact(id);
    return new SessionStoreException("stored session" + which + " is not a readable record: " + why);
  }
}
