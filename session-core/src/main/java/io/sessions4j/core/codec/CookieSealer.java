package io.sessions4j.core.codec;

/**
 * Protects a cookie value so the client cannot forge it: {@link #signed} (HMAC-SHA256, readable
 * payload) or {@link #encrypted} (AES-256-GCM, opaque payload). The cookie name is bound into what
 * is authenticated, so a value cannot be moved to another cookie. Sealed values carry the id of the
 * key that sealed them; {@link #seal} always uses the first key of the {@link KeyRing}, {@link
 * #open} accepts every key and reports when an older one was used, so the caller can re-seal.
 *
 * <p>Wire formats are versioned and documented in {@code session-core/WIRE-FORMATS.md}.
 */
public interface CookieSealer {

  /**
   * Seals {@code payload} for the cookie {@code cookieName}; the result is a valid cookie-octet string.
   *
   * @throws io.sessions4j.core.SessionTooLargeException when the payload exceeds what {@link #open}
   *     accepts (1 MiB), so nothing is ever written that could not be read back
   */
  String seal(String cookieName, byte[] payload);

  /**
   * Opens a sealed value; {@code null} when it is malformed, tampered, for another cookie name, or
   * sealed with an unknown key. Never throws on client input.
   */
  Opened open(String cookieName, String sealedValue);

  /**
   * True when {@code value} is shaped like a sealed value of a format sessions4j writes (a known
   * version tag, then only base64url and dots, within the length limit), whether or not it is
   * authentic: what tells a forged or stale value from garbage when {@link #open} refuses it.
   */
  static boolean isWellFormed(String value) {
    return SealedFormat.isWellFormed(value);
  }

  /** An opened value: the payload, and whether a key other than the first sealed it. */
  record Opened(byte[] payload, boolean sealedWithOlderKey) {}

  /**
   * HMAC-SHA256 signing with constant-time verification.
   *
   * @param compressAbove payloads longer than this many bytes are deflated first; 0 or less: never
   */
  static CookieSealer signed(KeyRing keys, int compressAbove) {
    return new SignedCookieSealer(keys, compressAbove);
  }

  /**
   * AES-256-GCM authenticated encryption, random 96-bit nonce per seal.
   *
   * @param compressAbove payloads longer than this many bytes are deflated first; 0 or less: never
   */
  static CookieSealer encrypted(KeyRing keys, int compressAbove) {
    return new EncryptedCookieSealer(keys, compressAbove);
  }
}
