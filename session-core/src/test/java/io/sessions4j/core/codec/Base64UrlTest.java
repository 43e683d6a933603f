package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

  @Test
  void decodingReversesEncodingForEveryLength() {
    Random random = new Random(42);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String text = Base64Url.encode(bytes);

      assertThat(text).hasSize(Base64Url.encodedLength(length));
      assertThat(Base64Url.decode(text, 0, text.length())).isEqualTo(bytes);
    }
  }

  @Test
  void nonCanonicalTextIsRefusedSoOneValueHasOneSpelling() {
    // "AQ" is the only spelling of {0x01}; "AR".."AZ" set unused low bits the JDK decoder ignores.
    assertThat(Base64Url.decode("AQ", 0, 2)).containsExactly(0x01);
    assertThat(Base64Url.decode("AR", 0, 2)).isNull();
    assertThat(Base64Url.decode("AAE", 0, 3)).containsExactly(0x00, 0x01);
    assertThat(Base64Url.decode("AAA", 0, 3)).containsExactly(0x00, 0x00);
    assertThat(Base64Url.decode("AAB", 0, 3)).isNull();
  }

  @Test
  void paddingStandardAlphabetAndImpossibleLengthsAreRefused() {
    assertThat(Base64Url.decode("AQ==", 0, 4)).isNull();
    assertThat(Base64Url.decode("ab+/", 0, 4)).isNull();
    assertThat(Base64Url.decode("abcde", 0, 5)).isNull();
    assertThat(Base64Url.decode("ab\u00e9d", 0, 4)).isNull();
    assertThat(Base64Url.decode("ab.d", 0, 4)).isNull();
    assertThat(Base64Url.decode("", 0, 0)).isEmpty();
  }
}
