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
    String signed = version + '.' + key.idText + '.' + Base64Url.encode(body);
    SealedFormat.requireOpenableLength(signed.length() + 1 + MAC_LENGTH);
    return signed + '.' + Base64Url.encode(mac(key, cookieName, signed));
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
    byte[] kid = Base64Url.decode(s, versionEnd + 1, kidEnd);
    if (kid == null) {
      return null;
    }
    KeyRing.Key key = keys.byId(KeyRing.Key.idOf(kid));
    byte[] mac = Base64Url.decode(s, payloadEnd + 1, end);
    // Decoding the payload before checking the MAC also proves the signed text is plain ASCII.
    byte[] body = Base64Url.decode(s, kidEnd + 1, payloadEnd);
    if (key == null || mac == null || body == null) {
      return null;
    }
    byte[] expected = mac(key, cookieName, s.substring(0, payloadEnd));
    if (!MessageDigest.isEqual(expected, mac)) {
      return null;
    }
    byte[] payload =
        deflated ? Compression.inflate(body, SealedFormat.MAX_PAYLOAD_BYTES) : body;
    return payload == null ? null : new Opened(payload, key != keys.first());
  }

  /** HMAC-SHA256(signingKey, nameBinding(cookieName) | ASCII(signedText)). */
  private static byte[] mac(KeyRing.Key key, String cookieName, String signedText) {
    // This thread's Mac already keyed with this key: doFinal leaves it ready for the next use.
    Mac mac = key.hmac();
    mac.update(SealedFormat.nameBinding(cookieName));
    mac.update(signedText.getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal();
  }

  @Override
  public String toString() {
    return "SignedCookieSealer{" + keys + ", compressAbove=" + compressAbove + "}";
  }
}
