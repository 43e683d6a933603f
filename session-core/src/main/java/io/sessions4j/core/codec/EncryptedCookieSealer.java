package io.sessions4j.core.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM encrypted cookie values: the client can neither read nor change the payload.
 *
 * <p>Format ({@code session-core/WIRE-FORMATS.md}): {@code e1.<kid>.<box>}, or {@code e1z.…} when
 * the payload was deflated before encryption, where {@code kid} is the 6-character key id and
 * {@code box} the base64url of a fresh 12-byte nonce, the ciphertext and the 16-byte tag. The
 * additional authenticated data is the cookie-name binding followed by the text {@code
 * <version>.<kid>}.
 *
 * <p>{@link #seal} throws {@link io.sessions4j.core.SessionTooLargeException} when the payload is
 * over {@value SealedFormat#MAX_PAYLOAD_BYTES} bytes or the sealed value would be over {@value
 * SealedFormat#MAX_SEALED_LENGTH} characters, the limits {@link #open} enforces. {@link #open}
 * never throws.
 */
final class EncryptedCookieSealer implements CookieSealer {
  static final String VERSION = "e1";
  static final String VERSION_DEFLATED = "e1z";
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int KID_LENGTH = Base64Url.encodedLength(KeyRing.KEY_ID_BYTES);

  /** Cipher lookup is slow and instances are not thread-safe: one per thread, re-keyed per use. */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  });

  private final KeyRing keys;
  private final int compressAbove;
  private final SecureRandom random = new SecureRandom();

  EncryptedCookieSealer(KeyRing keys, int compressAbove) {
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
    byte[] plaintext = deflated == null ? payload : deflated;
    String version = deflated == null ? VERSION : VERSION_DEFLATED;
    KeyRing.Key key = keys.first();
    String header = version + '.' + key.idText;
    int boxLength = NONCE_BYTES + plaintext.length + TAG_BYTES;
    SealedFormat.requireOpenableLength(header.length() + 1 + Base64Url.encodedLength(boxLength));

    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] box = new byte[boxLength];
    System.arraycopy(nonce, 0, box, 0, NONCE_BYTES);
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE, key.encryptionKey, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(SealedFormat.nameBinding(cookieName));
      cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
      cipher.doFinal(plaintext, 0, plaintext.length, box, NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    return header + '.' + Base64Url.encode(box);
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
    if (kidEnd >= end || s.charAt(kidEnd) != '.') {
      return null;
    }
    // One copy of the text as bytes: a character above U+00FF becomes '?' and one in
    // U+0080-U+00FF a byte >= 0x80, neither of which is base64url, so both are still refused.
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    if (text.length != s.length()) {
      return null; // a surrogate pair became one '?': the indices no longer match, and it's a forgery anyway
    }
    byte[] kid = Base64Url.decode(text, versionEnd + 1, kidEnd);
    if (kid == null) {
      return null;
    }
    KeyRing.Key key = keys.byId(KeyRing.Key.idOf(kid));
    byte[] box = Base64Url.decode(text, kidEnd + 1, end);
    if (key == null || box == null || box.length < NONCE_BYTES + TAG_BYTES) {
      return null;
    }
    byte[] plaintext;
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key.encryptionKey,
          new GCMParameterSpec(TAG_BYTES * 8, box, 0, NONCE_BYTES));
      cipher.updateAAD(SealedFormat.nameBinding(cookieName));
      // Checked above: the header is "e1" or "e1z", a dot, and six base64url characters.
      cipher.updateAAD(text, 0, kidEnd);
      plaintext = cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      return null; // AEADBadTagException: tampered, another cookie name, or another key
    }
    byte[] payload =
        deflated ? Compression.inflate(plaintext, SealedFormat.MAX_PAYLOAD_BYTES) : plaintext;
    return payload == null ? null : new Opened(payload, key != keys.first());
  }

  @Override
  public String toString() {
    return "EncryptedCookieSealer{" + keys + ", compressAbove=" + compressAbove + "}";
  }
}
