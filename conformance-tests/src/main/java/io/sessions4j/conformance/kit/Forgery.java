package io.sessions4j.conformance.kit;

import io.sessions4j.conformance.harness.ConformanceProfiles;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import java.util.List;

/**
 * Cookies the kit forges or inspects with the core's {@link CookieSealer} and the protocol's
 * fixed test keys: re-sealing a real payload under another key or cookie name, and flipping bits.
 */
final class Forgery {
  /** A key no profile knows. */
  static final String UNKNOWN_KEY = "conformance-key-unknown-0123456789abcdef";

  private static final String URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String STD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private Forgery() {}

  static CookieSealer signed(String... keys) {
    return CookieSealer.signed(KeyRing.fromSecrets(List.of(keys)), 0);
  }

  static CookieSealer encrypted(String... keys) {
    return CookieSealer.encrypted(KeyRing.fromSecrets(List.of(keys)), 0);
  }

  static CookieSealer signedNew() {
    return signed(ConformanceProfiles.NEW_KEY);
  }

  static CookieSealer signedOld() {
    return signed(ConformanceProfiles.OLD_KEY);
  }

  static CookieSealer encryptedNew() {
    return encrypted(ConformanceProfiles.NEW_KEY);
  }

  static CookieSealer encryptedOld() {
    return encrypted(ConformanceProfiles.OLD_KEY);
  }

  /**
   * {@code value} with the character at {@code index} changed in a data bit: within its base64
   * alphabet, the index is XORed with 32, which is never one of the unused low bits of a final
   * character (so the decoded bytes really change). Other characters get their lowest bit flipped.
   */
  static String flip(String value, int index) {
    char c = value.charAt(index);
    char flipped;
    int u = URL_ALPHABET.indexOf(c);
    int s = STD_ALPHABET.indexOf(c);
    if (u >= 0) {
      flipped = URL_ALPHABET.charAt(u ^ 32);
    } else if (s >= 0) {
      flipped = STD_ALPHABET.charAt(s ^ 32);
    } else {
      flipped = (char) (c ^ 1);
    }
    return value.substring(0, index) + flipped + value.substring(index + 1);
  }

  /** Indexes spread over the value, first and last included, skipping separators that are not data. */
  static List<Integer> flipPositions(String value, int count) {
    java.util.LinkedHashSet<Integer> positions = new java.util.LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      int index = (int) ((long) i * (value.length() - 1) / Math.max(1, count - 1));
      while (index < value.length() && URL_ALPHABET.indexOf(value.charAt(index)) < 0
          && STD_ALPHABET.indexOf(value.charAt(index)) < 0) {
        index++;
      }
      if (index < value.length()) {
        positions.add(index);
      }
    }
    return List.copyOf(positions);
  }

  /** The value without its signature: cut at the last '.', or, without one, its second half dropped. */
  static String withoutSignature(String value) {
    int dot = value.lastIndexOf('.');
    return dot > 0 ? value.substring(0, dot) : value.substring(0, value.length() / 2);
  }
}
