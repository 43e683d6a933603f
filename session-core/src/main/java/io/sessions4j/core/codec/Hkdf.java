package io.sessions4j.core.codec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): turns one high-entropy secret into several independent keys,
 * one per purpose, so a secret is never used directly as both an HMAC and an AES key.
 */
final class Hkdf {
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** Extract then Expand: {@code length} bytes of output keying material. */
  static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). */
  static byte[] extract(byte[] salt, byte[] ikm) {
    // §2.2: "if not provided, [salt] is set to a string of HashLen zeros". An empty salt is the
    // same thing for HMAC (both are zero-padded to the block size), but the JCE refuses empty keys.
    byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
    Mac mac = newMac(effectiveSalt);
    return mac.doFinal(ikm);
  }

  /**
   * RFC 5869 §2.3: T(0) = empty, T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = first L octets of
   * T(1) | T(2) | ...; L must be at most 255 * HashLen.
   */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF output length must be 0.." + 255 * HASH_LEN);
    }
    Mac mac = newMac(prk);
    byte[] okm = new byte[length];
    byte[] t = new byte[0];
    int written = 0;
    for (int i = 1; written < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(t.length, length - written);
      System.arraycopy(t, 0, okm, written, n);
      written += n;
    }
    Arrays.fill(t, (byte) 0);
    return okm;
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac;
    } catch (GeneralSecurityException e) {
      // Every Java SE platform must provide HmacSHA256; reaching this is a broken JDK.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
