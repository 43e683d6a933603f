package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session cookie value of cookie-session and koa-session: {@code JSON.stringify(session)} as
 * base64 (with padding, as Node's {@code Buffer.toString('base64')} writes it), translated to and
 * from sessions4j's cookie-mode document. koa-session adds {@code _expire} (epoch ms) and {@code
 * _maxAge} (ms), or {@code _session: true} for a browser-session cookie; cookie-session keeps no
 * time at all, so the engine takes the moment it reads the cookie as its last access. Attribute
 * types travel as in the express-session document ({@link NodeTypeTable}).
 */
public final class NodeCookiePayload {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(AttributeCodec.MAX_NESTING).build())
      .build());
  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());

  private NodeCookiePayload() {}

  /**
   * The document a cookie value carries, or null when it is not base64 of a JSON object.
   *
   * @param koa whether the value is koa-session's (its {@code _expire}, {@code _maxAge} and {@code
   *     _session} fields are times, not attributes)
   * @param nowMillis when the cookie is read
   * @param windowMillis the configured expiry window, for a cookie that carries no expiry
   */
  public static byte[] open(String value, boolean koa, long nowMillis, long windowMillis) {
    JsonNode root;
    try {
      // Buffer.from(s, 'base64') also takes base64url and missing padding
      String normalized = value.replace('-', '+').replace('_', '/');
      int end = normalized.indexOf('=');
      byte[] json = Base64.getDecoder().decode(end < 0 ? normalized : normalized.substring(0, end));
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue()));
    Map<String, String> types = NodeTypeTable.take(attributes);
    long touched = nowMillis;
    long expires = nowMillis + windowMillis;
    long maxAge = SessionDocument.UNSET;
    if (koa) {
      JsonNode expire = attributes.remove("_expire");
      JsonNode koaMaxAge = attributes.remove("_maxAge");
      JsonNode browserSession = attributes.remove("_session");
      if (expire != null && expire.canConvertToLong()) {
        expires = expire.longValue();
        if (koaMaxAge != null && koaMaxAge.canConvertToLong()) {
          touched = Math.min(nowMillis, expires - koaMaxAge.longValue());
        }
      }
      if (browserSession != null && browserSession.asBoolean()) {
        maxAge = 0;
      }
    }
    return DOCUMENTS.encode(new SessionDocument(attributes, types, maxAge, touched, touched, expires,
        SessionDocument.UNSET));
  }

  /**
   * The cookie value for sessions4j's cookie-mode {@code document}.
   *
   * @param koa whether to add koa-session's {@code _expire} and {@code _maxAge} (or {@code _session})
   * @param maxAgeMillis the cookie's max age for {@code _maxAge}; 0 or less for a browser-session cookie
   */
  public static String seal(byte[] document, boolean koa, long maxAgeMillis) {
    SessionDocument doc = DOCUMENTS.decode(document);
    NodeTypeTable.requireNotReserved(doc.attributes().keySet(), koa ? "compat=koa-session" : "compat=cookie-session");
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    doc.attributes().forEach(root::set);
    NodeTypeTable.put(root, doc.types());
    if (koa) {
      if (maxAgeMillis > 0 && doc.maxAgeMillis() != 0) {
        root.put("_expire", doc.expiresAt());
        root.put("_maxAge", maxAgeMillis);
      } else {
        root.put("_session", true);
      }
    }
    try {
      return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("session attributes cannot be written as JSON");
    }
  }
}
