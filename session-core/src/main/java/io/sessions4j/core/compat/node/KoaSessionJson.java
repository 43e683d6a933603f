package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionPatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * koa-session's stored document (external-store mode): what its {@code store.set} receives, the
 * session's {@code toJSON()} (the attributes at top level; koa-session drops fields starting with
 * {@code _}) plus {@code _expire} (epoch ms) and {@code _maxAge} (ms), or {@code _session: true} for
 * a browser-session cookie; translated to and from sessions4j's document. Attribute values keep
 * the JSON shape they have; a write from Java replaces only the attributes it changed and moves
 * {@code _expire}. Attribute types travel as in the other Node formats ({@link NodeTypeTable}).
 */
public final class KoaSessionJson {
  /** koa-session's expiry field (epoch ms): past it the session is gone, on both sides. */
  public static final String EXPIRE = "_expire";
  /** koa-session's max age field (ms). */
  public static final String MAX_AGE = "_maxAge";
  /** koa-session's mark of a browser-session cookie ({@code maxAge: 'session'}). */
  public static final String BROWSER_SESSION = "_session";

  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());

  private KoaSessionJson() {}

  /** The session's attributes: every top-level field but koa-session's own, in stored order. */
  public static Map<String, JsonNode> attributes(ObjectNode root) {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> {
      if (!isKoas(e.getKey()) && !NodeTypeTable.FIELD.equals(e.getKey())) {
        attributes.put(e.getKey(), e.getValue());
      }
    });
    return attributes;
  }

  private static boolean isKoas(String field) {
    return field.equals(EXPIRE) || field.equals(MAX_AGE) || field.equals(BROWSER_SESSION);
  }

  /** {@code _expire}, or null when absent or not a number. */
  public static Instant expire(ObjectNode root) {
    JsonNode expire = root.get(EXPIRE);
    return expire != null && expire.canConvertToLong() ? Instant.ofEpochMilli(expire.longValue()) : null;
  }

  /** {@code _maxAge} in ms, or null when absent or not a number. */
  public static Long maxAge(ObjectNode root) {
    JsonNode maxAge = root.get(MAX_AGE);
    return maxAge != null && maxAge.canConvertToLong() ? maxAge.longValue() : null;
  }

  /** sessions4j's document (attributes and their types) of a stored koa-session document. */
  public static byte[] toDocument(ObjectNode root) {
    return DOCUMENTS.encode(new SessionDocument(attributes(root), NodeTypeTable.of(root), SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET));
  }

  /**
   * The koa-session document for sessions4j's {@code document}, expiring at {@code expiresAt}: its
   * {@code _maxAge} is {@code expiresAt - accessedAt}, as koa-session's is the time from its last save.
   */
  public static String fromDocument(byte[] document, Instant accessedAt, Instant expiresAt) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    SessionDocument doc = DOCUMENTS.decode(document);
    NodeTypeTable.requireNotReserved(doc.attributes().keySet(), "compat=koa-session");
    doc.attributes().forEach((name, value) -> {
      if (!isKoas(name)) {
        root.set(name, value);
      }
    });
    NodeTypeTable.put(root, doc.types());
    root.put(EXPIRE, expiresAt.toEpochMilli());
    root.put(MAX_AGE, Math.max(0, expiresAt.toEpochMilli() - accessedAt.toEpochMilli()));
    return root.toString();
  }

  /**
   * {@code patch} applied to the stored document {@code stored}: its set and removed attributes, and
   * {@code _expire} moved to the patch's expiry ({@code _maxAge} and {@code _session} stay as stored).
   */
  public static String apply(ObjectNode stored, SessionPatch patch) {
    NodeTypeTable.requireNotReserved(patch.values().keySet(), "compat=koa-session");
    Map<String, String> types = NodeTypeTable.patched(NodeTypeTable.of(stored), patch);
    ObjectNode root = stored.deepCopy();
    root.remove(NodeTypeTable.FIELD);
    patch.removed().forEach(name -> {
      if (!isKoas(name)) {
        root.remove(name);
      }
    });
    patch.values().forEach((name, value) -> {
      if (!isKoas(name)) {
        root.set(name, value);
      }
    });
    NodeTypeTable.put(root, types);
    return expiring(root, patch.expiresAt());
  }

  /** {@code stored} with only {@code _expire} moved (a touch). */
  public static String expiring(ObjectNode stored, Instant expiresAt) {
    ObjectNode root = stored.deepCopy();
    if (!root.path(BROWSER_SESSION).asBoolean(false) || root.has(EXPIRE)) {
      root.put(EXPIRE, expiresAt.toEpochMilli());
    }
    return root.toString();
  }
}
