package io.sessions4j.core.codec;

/**
 * A cheap, conservative guess at whether a secret was typed by a person. HKDF does no key
 * stretching, so a secret is exactly as strong as it is unguessable: a passphrase in the keys is a
 * warning worth giving once. Random bytes (including base64 or hex text of them) are never flagged;
 * some human secrets will slip through — this is advice, not a gate.
 */
final class SecretStrength {
  /** Printable text using fewer distinct characters than this is flagged. */
  static final int MIN_DISTINCT_CHARACTERS = 16;

  private SecretStrength() {}

  /**
   * True when {@code secret} is printable ASCII and either uses fewer than {@value
   * #MIN_DISTINCT_CHARACTERS} distinct characters, or is mostly words: runs of three or more
   * lower-case letters (a capital may lead) holding a vowel cover at least half of it.
   */
  static boolean looksLikePassphrase(byte[] secret) {
    boolean[] seen = new boolean[128];
    int distinct = 0;
    for (byte b : secret) {
      if (b < 0x20 || b > 0x7e) {
        return false; // not text a person typed on a keyboard: raw or decoded bytes
      }
      if (!seen[b]) {
        seen[b] = true;
        distinct++;
      }
    }
    if (distinct < MIN_DISTINCT_CHARACTERS) {
      return true;
    }
    int inWords = 0;
    int i = 0;
    while (i < secret.length) {
      int start = i;
      if (secret[i] >= 'A' && secret[i] <= 'Z') {
        i++;
      }
      boolean vowel = false;
      while (i < secret.length && secret[i] >= 'a' && secret[i] <= 'z') {
        vowel |= "aeiouy".indexOf(secret[i]) >= 0;
        i++;
      }
      if (i - start >= 3 && vowel) {
        inWords += i - start;
      }
      if (i == start) {
        i++;
      }
    }
    return inWords * 2 >= secret.length;
  }
}
