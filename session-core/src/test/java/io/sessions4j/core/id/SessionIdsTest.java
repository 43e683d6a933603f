package io.sessions4j.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a well-formed session id is, checked character by character and at the length limits. */
class SessionIdsTest {
  static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~';
  }

  @Test
  void everyCharacterIsJudgedByTheDocumentedSetAtEveryPosition() {
    String base = "abcdefghijklmnopqrstuvwxyz";
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      for (int at : new int[] {0, 13, base.length() - 1}) {
        String id = base.substring(0, at) + (char) c + base.substring(at + 1);
        assertThat(SessionIds.isWellFormed(id)).as("U+%04X at %d", c, at).isEqualTo(allowed((char) c));
      }
    }
  }

  @Test
  void lengthsOutsideTheLimitsAndNullAreRefused() {
    assertThat(SessionIds.isWellFormed(null)).isFalse();
    assertThat(SessionIds.isWellFormed("a".repeat(SessionIds.MIN_LENGTH - 1))).isFalse();
    assertThat(SessionIds.isWellFormed("a".repeat(SessionIds.MIN_LENGTH))).isTrue();
    assertThat(SessionIds.isWellFormed("a".repeat(SessionIds.MAX_LENGTH))).isTrue();
    assertThat(SessionIds.isWellFormed("a".repeat(SessionIds.MAX_LENGTH + 1))).isFalse();
  }

  @Test
  void redactKeepsSixCharactersAtMost() {
    assertThat(SessionIds.redact("abcdefghijkl")).isEqualTo("abcdef…");
    assertThat(SessionIds.redact("abc")).isEqualTo("…");
    assertThat(SessionIds.redact(null)).isEqualTo("null");
  }
}
