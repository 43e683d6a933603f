package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared check of both sealers: opening works on one ISO-8859-1 copy of the text, where Latin-1
 * characters become high bytes, others '?', and a surrogate pair ONE '?' (so the copy is shorter
 * than the text) — every such value must be refused, never throw.
 */
final class NonAsciiInput {
  private NonAsciiInput() {}

  static void assertRefusedAnywhere(CookieSealer sealer, String valid) {
    for (int i = 0; i < valid.length(); i++) {
      for (String c : new String[] {"\u00e9", "\u0100", "\u012e", "\uD800", "?", "\u00ff", "\u0080",
          "\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00"}) {
        String replaced = valid.substring(0, i) + c + valid.substring(i + 1);
        String inserted = valid.substring(0, i) + c + valid.substring(i);
        assertThat(sealer.open("sid", replaced)).as("replaced %d %s", i, c).isNull();
        assertThat(sealer.open("sid", inserted)).as("inserted %d %s", i, c).isNull();
      }
    }
  }
}
