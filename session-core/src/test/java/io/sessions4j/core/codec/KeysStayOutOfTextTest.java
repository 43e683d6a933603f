package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 6: a single derived key, like its ring, shows only its id. */
class KeysStayOutOfTextTest {
  static final String SECRET = "keys-text-test-0123456789abcdef-0123456789";

  @Test
  void eachKeyOfARingShowsOnlyItsId() {
    KeyRing ring = KeyRing.fromSecrets(List.of(SECRET));
    byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
    for (String text : List.of(ring.first().toString(), ring.toString(), CookieSealer.signed(ring, 0).toString(),
        CookieSealer.encrypted(ring, 0).toString())) {
      assertThat(text).doesNotContain(SECRET).doesNotContain(Base64.getEncoder().encodeToString(bytes))
          .doesNotContain(HexFormat.of().formatHex(bytes));
    }
  }
}
