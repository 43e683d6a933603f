package io.sessions4j.core.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * HMAC-SHA256 signed cookie values: the payload is readable (base64url), not changeable.
 *
 * <p>Format ({@code session-core/WIRE-FORMATS.md}): {@code s1.<kid>.<payload>.<mac>}, or {@code
 * s1z.…} when the payload is deflated, where {@code kid} is the 6-character key id, {@code
 * payload} the base64url bytes and {@code mac} the base64url HMAC-SHA256, under the key's signing
 * key, of the cookie-name binding followed by the text {@code <version>.<kid>.<payload>}.
 *
 * <p>{@link #seal} throws {@link io.sessions4j.core.SessionTooLargeException} when the payload is
 * over {@value SealedFormat#MAX_PAYLOAD_BYTES} bytes or the sealed value would be over {@value
 * SealedFormat#MAX_SEALED_LENGTH} characters, the limits {@link #open} enforces. {@link #open}
 * never throws.
 */
final class SignedCookieSealer implements CookieSealer {
  static final String VERSION = "s1";
  static final String VERSION_DEFLATED = "s1z";
  private static final int KID_LENGTH = Base64Url.encodedLength(KeyRing.KEY_ID_BYTES);
  private static final int MAC_LENGTH = Base64Url.encodedLength(32);

  private final KeyRing keys;
  private final int compressAbove;

  SignedCookieSealer(KeyRing keys, int compressAbove) {
    if (keys == null) {
      throw new NullPointerException("keys");
    }
    this.keys = keys;
    this.compressAbove = compressAbove;
  }

  @Override
  public String seal(String cookieName, byte[] payload) {
    SealedFormat.requireSealable(cookieName, payload);
    byte[] deflated = Compression.deflateIfSmaller(payload, compressAbove);
    byte[] body = deflated == null ? payload : deflated;
    String version = deflated == null ? VERSION : VERSION_DEFLATED;
    KeyRing.Key key = keys.first();
    // One ASCII buffer for "<version>.<kid>.<payload>.<mac>": the MAC is computed over its prefix
    // and the String made once, instead of concatenating and re-encoding the signed text.
    int signedLength = version.length() + 1 + KID_LENGTH + 1 + Base64Url.encodedLength(body.length);
    SealedFormat.requireOpenableLength(signedLength + 1 + MAC_LENGTH);
    byte[] out = new byte[signedLength + 1 + MAC_LENGTH];
    int at = 0;
    for (int i = 0; i < version.length(); i++) {
      out[at++] = (byte) version.charAt(i);
    }
    out[at++] = '.';
    for (int i = 0; i < KID_LENGTH; i++) {
      out[at++] = (byte) key.idText.charAt(i);
    }
    out[at++] = '.';
    at = Base64Url.encodeInto(body, out, at);
    out[at++] = '.';
    Base64Url.encodeInto(mac(key, cookieName, out, signedLength), out, at);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Override
  public Opened open(String cookieName, String sealedValue) {
    if (cookieName == null || sealedValue == null
        || sealedValue.length() > SealedFormat.MAX_SEALED_LENGTH) {
      return null;
    }
    String s = sealedValue;
    int end = s.length();
    int versionEnd = SealedFormat.indexOf(s, '.', 0, Math.min(end, VERSION_DEFLATED.length() + 1));
    boolean deflated;
    if (versionEnd == VERSION.length() && s.startsWith(VERSION)) {
      deflated = false;
    } else if (versionEnd == VERSION_DEFLATED.length() && s.startsWith(VERSION_DEFLATED)) {
      deflated = true;
    } else {
      return null;
    }
    int kidEnd = versionEnd + 1 + KID_LENGTH;
    int payloadEnd = end - 1 - MAC_LENGTH;
    if (payloadEnd <= kidEnd || s.charAt(kidEnd) != '.' || s.charAt(payloadEnd) != '.') {
      return null;
    }
    // One copy of the text as bytes: a character above U+00FF becomes '?' and one in
    // U+0080-U+00FF a byte >= 0x80, neither of which is base64url or '.', so both are still refused.
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    if (text.length != s.length()) {
      return null; // a surrogate pair became one '?': the indices no longer match, and it's a forgery anyway
    }
    byte[] kid = Base64Url.decode(text, versionEnd + 1, kidEnd);
    if (kid == null) {
      return null;
    }
    KeyRing.Key key = keys.byId(KeyRing.Key.idOf(kid));
    byte[] mac = Base64Url.decode(text, payloadEnd + 1, end);
    // Decoding the payload before checking the MAC also proves the signed text is plain ASCII.
    byte[] body = Base64Url.decode(text, kidEnd + 1, payloadEnd);
    if (key == null || mac == null || body == null) {
      return null;
    }
    byte[] expected = mac(key, cookieName, text, payloadEnd);
    if (!MessageDigest.isEqual(expected, mac)) {
      return null;
    }
    byte[] payload =
        deflated ? Compression.inflate(body, SealedFormat.MAX_PAYLOAD_BYTES) : body;
    return payload == null ? null : new Opened(payload, key != keys.first());
  }

  /** HMAC-SHA256(signingKey, nameBinding(cookieName) | signedText[0, length)), the text ASCII. */
  private static byte[] mac(KeyRing.Key key, String cookieName, byte[] signedText, int length) {
    // This thread's Mac already keyed with this key: doFinal leaves it ready for the next use.
    Mac mac = key.hmac();
    mac.update(SealedFormat.nameBinding(cookieName));
    mac.update(signedText, 0, length);
    return mac.doFinal();
  }

  @Override
  public String toString() {
    return "SignedCookieSealer{" + keys + ", compressAbove=" + compressAbove + "}";
  }
}
