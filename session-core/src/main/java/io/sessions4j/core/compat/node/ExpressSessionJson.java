package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.ScrubbedException;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionPatch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * express-session's stored document ({@code JSON.stringify(req.session)}) translated to and from
 * sessions4j's own document, for the stores that keep sessions in a Node package's layout: the
 * attributes at top level beside a {@code cookie} object ({@code originalMaxAge}, {@code expires}
 * as an ISO string, {@code secure}, {@code httpOnly}, {@code domain}, {@code path}, {@code
 * sameSite}).
 *
 * <p>Attribute values are kept as the JSON they are, so what Node libraries write (passport's
 * {@code passport.user}, connect-flash's {@code flash}) keeps its exact shape when Java changes
 * another attribute; a write from Java replaces only the attributes it changed and the cookie
 * object's {@code expires}. The attribute name {@code cookie} belongs to express-session: Java code
 * cannot set it, and never sees it. Which attributes hold a registered type ({@code allowType}) or
 * a Jackson-typed object travels in one extra field ({@link NodeTypeTable}), so Java reads them back
 * as their types while Node sees their plain JSON.
 */
public final class ExpressSessionJson {
  /** The top-level field express-session keeps its cookie in. */
  public static final String COOKIE = "cookie";

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(AttributeCodec.MAX_NESTING).build())
      .build());
  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  /** {@code Date.prototype.toISOString}: always milliseconds, always Z. */
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ExpressSessionJson() {}

  /**
   * The stored JSON as an object.
   *
   * @throws CorruptSessionException when it is not a JSON object
   */
  public static ObjectNode parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new CorruptSessionException("stored express-session data is not valid JSON", ScrubbedException.of(e));
    }
    if (root == null || !root.isObject()) {
      throw new CorruptSessionException("stored express-session data is not a JSON object");
    }
    return (ObjectNode) root;
  }

  /**
   * The session's attributes: every top-level field but {@code cookie} and sessions4j's type table,
   * in stored order.
   */
  public static Map<String, JsonNode> attributes(ObjectNode root) {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> {
      if (!COOKIE.equals(e.getKey()) && !NodeTypeTable.FIELD.equals(e.getKey())) {
        attributes.put(e.getKey(), e.getValue());
      }
    });
    return attributes;
  }

  /** The stored cookie object, or null when there is none. */
  public static ObjectNode cookie(ObjectNode root) {
    JsonNode cookie = root.get(COOKIE);
    return cookie instanceof ObjectNode o ? o : null;
  }

  /** {@code cookie.expires}, or null when absent, null or not a date. */
  public static Instant cookieExpires(ObjectNode root) {
    ObjectNode cookie = cookie(root);
    JsonNode expires = cookie == null ? null : cookie.get("expires");
    if (expires == null || !expires.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(expires.textValue());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code cookie.originalMaxAge} in milliseconds, or null when absent or null. */
  public static Long originalMaxAge(ObjectNode root) {
    ObjectNode cookie = cookie(root);
    JsonNode maxAge = cookie == null ? null : cookie.get("originalMaxAge");
    return maxAge != null && maxAge.isNumber() ? maxAge.longValue() : null;
  }

  /** sessions4j's document (attributes and their types, no metadata) of a stored express-session document. */
  public static byte[] toDocument(ObjectNode root) {
    return DOCUMENTS.encode(new SessionDocument(attributes(root), NodeTypeTable.of(root), SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET));
  }

  /**
   * The express-session document for sessions4j's {@code document}.
   *
   * @param storedCookie the cookie object the record holds now (kept, with {@code expires} moved),
   *     or null to make one from {@code shape}
   * @param accessedAt when the session was last used: with {@code expiresAt}, the new cookie's
   *     {@code originalMaxAge}
   * @throws IllegalArgumentException when an attribute is named {@code cookie}
   */
  public static String fromDocument(byte[] document, ObjectNode storedCookie, ExpressCookieShape shape,
      Instant accessedAt, Instant expiresAt) {
    SessionDocument doc = DOCUMENTS.decode(document);
    return write(doc.attributes(), doc.types(), storedCookie, shape, accessedAt, expiresAt);
  }

  /**
   * {@code patch} applied to the stored express-session document {@code stored}: its set and
   * removed attributes, and {@code cookie.expires} moved to the patch's expiry. Every other field,
   * the cookie object's included, stays as stored.
   *
   * @throws IllegalArgumentException when the patch sets an attribute named {@code cookie}
   */
  public static String apply(ObjectNode stored, SessionPatch patch, ExpressCookieShape shape) {
    Map<String, JsonNode> attributes = attributes(stored);
    patch.removed().forEach(attributes::remove);
    attributes.putAll(patch.values());
    return write(attributes, NodeTypeTable.patched(NodeTypeTable.of(stored), patch), cookie(stored), shape,
        patch.accessedAt(), patch.expiresAt());
  }

  private static String write(Map<String, JsonNode> attributes, Map<String, String> types, ObjectNode storedCookie,
      ExpressCookieShape shape, Instant accessedAt, Instant expiresAt) {
    if (attributes.containsKey(COOKIE)) {
      throw new IllegalArgumentException("session attribute 'cookie' is express-session's own cookie object "
          + "and cannot be set with compat=express-session; use another name");
    }
    NodeTypeTable.requireNotReserved(attributes.keySet(), "compat=express-session");
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode cookie;
    if (storedCookie != null) {
      cookie = storedCookie.deepCopy();
      // a browser-session cookie (expires null) stays one: only a dated cookie moves
      if (cookie.hasNonNull("expires")) {
        cookie.put("expires", isoString(expiresAt));
      }
    } else {
      cookie = shape.cookieObject(Math.max(0, expiresAt.toEpochMilli() - accessedAt.toEpochMilli()), expiresAt);
    }
    root.set(COOKIE, cookie);
    attributes.forEach(root::set);
    NodeTypeTable.put(root, types);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("session attributes cannot be written as JSON", ScrubbedException.of(e));
    }
  }

  /**
   * The version sessions4j gives a stored document it did not write (Node writers keep none): the
   * first 60 bits of the SHA-1 of its text, never 0. Any write, from either side, changes it; the
   * Redis layout computes the same in its scripts ({@code redis.sha1hex}).
   */
  public static long versionOf(String json) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(json.getBytes(StandardCharsets.UTF_8));
      long version = Long.parseLong(HexFormat.of().formatHex(sha1).substring(0, 15), 16);
      return version == 0 ? 1 : version;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /** {@code Date.prototype.toISOString} of {@code instant}. */
  public static String isoString(Instant instant) {
    return ISO.format(instant);
  }
}
