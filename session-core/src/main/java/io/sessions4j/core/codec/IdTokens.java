package io.sessions4j.core.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * Store-mode id tokens: a session id, signed so the client cannot choose or forge one, under a key
 * of its own (the {@link KeyRing}'s id-token key, never the key that signs cookie-mode payloads)
 * and a version tag of its own, so an id token and a signed cookie-mode value can never be read as
 * one another.
 *
 * <p>Format ({@code session-core/WIRE-FORMATS.md}): {@code i1.<kid>.<id>.<mac>}, where {@code kid}
 * is the 6-character key id, {@code id} the session id as is (16–256 characters of {@code
 * [A-Za-z0-9._~-]}) and {@code mac} the base64url HMAC-SHA256, under the key's id-token key, of the
 * cookie-name binding followed by the text {@code i1.<kid>.<id>}. {@link #open} never throws.
 */
public final class IdTokens {
  /** The version tag of this format. */
  public static final String VERSION = "i1";
  private static final int KID_LENGTH = Base64Url.encodedLength(KeyRing.KEY_ID_BYTES);
  private static final int MAC_LENGTH = Base64Url.encodedLength(32);
  /** Longer tokens are not ours: the longest id is 256 characters. */
  private static final int MAX_TOKEN_LENGTH = VERSION.length() + 1 + KID_LENGTH + 1 + 256 + 1 + MAC_LENGTH;

  private final KeyRing keys;

  /** Tokens under {@code keys}: the first seals, all open. */
  public IdTokens(KeyRing keys) {
    if (keys == null) {
      throw new NullPointerException("keys");
    }
    this.keys = keys;
  }

  /** What an authentic token carries: the id, and whether a key other than the first signed it. */
  public record Opened(String id, boolean sealedWithOlderKey) {}

  /** The token for session {@code id} on the cookie {@code cookieName}, under the first key. */
  public String seal(String cookieName, String id) {
    if (cookieName == null || id == null) {
      throw new NullPointerException(cookieName == null ? "cookieName" : "id");
    }
    KeyRing.Key key = keys.first();
    String signed = VERSION + '.' + key.idText + '.' + id;
    byte[] text = signed.getBytes(StandardCharsets.US_ASCII);
    return signed + '.' + Base64Url.encode(mac(key, cookieName, text, text.length));
  }

  /**
   * The id an authentic token carries, or null when the token is malformed, tampered, for another
   * cookie name or application context, or signed with a key not in the ring. The id's own syntax is
   * the caller's to check.
   */
  public Opened open(String cookieName, String token) {
    if (cookieName == null || token == null || token.length() > MAX_TOKEN_LENGTH
        || !token.startsWith(VERSION) || token.length() < VERSION.length() + KID_LENGTH + MAC_LENGTH + 4) {
      return null;
    }
    int kidStart = VERSION.length() + 1;
    int kidEnd = kidStart + KID_LENGTH;
    int idEnd = token.length() - 1 - MAC_LENGTH;
    if (token.charAt(VERSION.length()) != '.' || token.charAt(kidEnd) != '.' || token.charAt(idEnd) != '.'
        || idEnd <= kidEnd + 1) {
      return null;
    }
    byte[] text = token.getBytes(StandardCharsets.ISO_8859_1);
    if (text.length != token.length()) {
      return null;
    }
    for (int i = kidEnd + 1; i < idEnd; i++) {
      if (text[i] < 0x21 || text[i] > 0x7e) {
        return null; // the signed text must be printable ASCII
      }
    }
    byte[] kid = Base64Url.decode(text, kidStart, kidEnd);
    byte[] mac = Base64Url.decode(text, idEnd + 1, text.length);
    if (kid == null || mac == null) {
      return null;
    }
    KeyRing.Key key = keys.byId(KeyRing.Key.idOf(kid));
    if (key == null || !MessageDigest.isEqual(mac(key, cookieName, text, idEnd), mac)) {
      return null;
    }
    return new Opened(token.substring(kidEnd + 1, idEnd), key != keys.first());
  }

  /**
   * True when {@code token} is shaped like an id token (the tag, a dot, then only id and base64url
   * characters), whether or not it is authentic.
   */
  public static boolean isWellFormed(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !token.startsWith(VERSION + ".")) {
      return false;
    }
    for (int i = VERSION.length() + 1; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!Base64Url.isAlphabet(c) && c != '.' && c != '~') {
        return false;
      }
    }
    return true;
  }

  private static byte[] mac(KeyRing.Key key, String cookieName, byte[] signedText, int length) {
    Mac mac = key.idTokenHmac();
    mac.update(SealedFormat.nameBinding(cookieName));
    mac.update(signedText, 0, length);
    return mac.doFinal();
  }

  @Override
  public String toString() {
    return "IdTokens{" + keys + "}";
  }
}
