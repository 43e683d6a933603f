package io.sessions4j.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one session every cookie benchmark uses, sized to a target: a few typical attributes (user,
 * numeric id, roles, CSRF token, locale) plus a {@code cart} string padded so that sessions4j's
 * encoded session document is exactly the target size (200 B or 2 KB). The same attributes go into
 * Vert.x's session, so both libraries carry the same data.
 */
public final class Payloads {
  /** The shared secret of every benchmark (48 characters). */
  public static final String SECRET = "bench-secret-0123456789-abcdefghij-ABCDEFGHIJ-xyz";
  /** The cookie name every benchmark seals for. */
  public static final String COOKIE = "sid";

  private Payloads() {}

  /** Typical attributes padded (via {@code cart}) so the cookie-mode document encodes to {@code size} bytes. */
  public static Map<String, Object> attributes(AttributeCodec codec, int size) {
    return attributes(codec, size, true);
  }

  /**
   * Typical attributes padded so the document encodes to {@code size} bytes: the cookie-mode document
   * (timestamps inside) or, when {@code cookieMode} is false, the store-mode one (timestamps in the
   * record).
   */
  public static Map<String, Object> attributes(AttributeCodec codec, int size, boolean cookieMode) {
    Map<String, Object> attrs = base("");
    int without = codec.encode(document(codec, attrs, cookieMode)).length;
    if (without > size) {
      throw new IllegalArgumentException("a session cannot be as small as " + size + " bytes");
    }
    attrs.put("cart", letters(size - without, 7));
    int encoded = codec.encode(document(codec, attrs, cookieMode)).length;
    if (encoded != size) {
      throw new IllegalStateException("padding missed: " + encoded + " != " + size);
    }
    return attrs;
  }

  private static Map<String, Object> base(String cart) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("user", "alice@example.com");
    attrs.put("userId", 421_337L);
    attrs.put("roles", "admin,editor");
    attrs.put("csrf", letters(32, 1));
    attrs.put("cart", cart);
    return attrs;
  }

  /** The cookie-mode document the engine would seal for these attributes (timestamps set). */
  public static SessionDocument document(AttributeCodec codec, Map<String, Object> attrs) {
    return document(codec, attrs, true);
  }

  /** The document for these attributes, cookie-mode (timestamps set) or store-mode (unset). */
  public static SessionDocument document(AttributeCodec codec, Map<String, Object> attrs,
      boolean cookieMode) {
    Map<String, JsonNode> trees = new LinkedHashMap<>();
    attrs.forEach((k, v) -> trees.put(k, codec.toTree(v)));
    if (!cookieMode) {
      long unset = SessionDocument.UNSET;
      return new SessionDocument(trees, Map.of(), unset, unset, unset, unset, unset);
    }
    long now = 1_764_790_000_000L;
    return new SessionDocument(trees, Map.of(), SessionDocument.UNSET, now, now,
        now + 86_400_000L, SessionDocument.UNSET);
  }

  /** Deterministic base64url-alphabet text (incompressible enough; no JSON escaping). */
  public static String letters(int n, long seed) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(64)));
    }
    return sb.toString();
  }
}
