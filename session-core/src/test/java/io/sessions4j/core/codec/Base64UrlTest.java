package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

  @Test
  void byteDecoderAgreesWithTheStringDecoderOnEveryShortInput() {
    // Every 1-, 2- and 3-character text over a 2^8 alphabet at an offset inside a larger buffer,
    // plus every length up to 100 of valid text with one byte replaced by each of 256 values.
    byte[] buffer = new byte[8];
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        buffer[2] = (byte) a;
        buffer[3] = (byte) b;
        assertSameDecoding(buffer, 2, 3);
        assertSameDecoding(buffer, 2, 4);
        for (int c : new int[] {0, '-', '_', 'A', 'Q', 'z', '9', '=', '.', 0x80, 0xC1, 0xFF}) {
          buffer[4] = (byte) c;
          assertSameDecoding(buffer, 2, 5);
          buffer[5] = (byte) c;
          assertSameDecoding(buffer, 2, 6);
        }
      }
    }
    Random random = new Random(7);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      byte[] text = Base64Url.encode(bytes).getBytes(StandardCharsets.ISO_8859_1);
      assertThat(Base64Url.decode(text, 0, text.length)).isEqualTo(bytes);
      for (int v = 0; v < 256 && text.length > 0; v++) {
        byte[] changed = text.clone();
        changed[random.nextInt(text.length)] = (byte) v;
        assertSameDecoding(changed, 0, changed.length);
      }
    }
  }

  @Test
  void byteDecoderRefusesWhatTheStringDecoderRefuses() {
    for (String refused : new String[] {"AR", "AAB", "AQ==", "ab+/", "abcde", "ab.d", "ab?d"}) {
      byte[] text = refused.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(Base64Url.decode(text, 0, text.length)).as(refused).isNull();
    }
    // A character above U+00FF becomes '?' in ISO-8859-1, one in U+0080-U+00FF a high byte.
    assertThat(Base64Url.decode("ab\u00e9d".getBytes(StandardCharsets.ISO_8859_1), 0, 4)).isNull();
    assertThat(Base64Url.decode("ab\u0141d".getBytes(StandardCharsets.ISO_8859_1), 0, 4)).isNull();
    assertThat(Base64Url.decode(new byte[0], 0, 0)).isEmpty();
  }

  @Test
  void byteDecoderRefusesAnyBadByteAtAnyPositionOfLongTexts() {
    // Long enough for the vectorised block loops of the JDK decoder (64-byte blocks and more).
    Random random = new Random(13);
    for (int length : new int[] {64, 96, 190, 200, 257, 400, 1000}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      byte[] text = ("xx" + Base64Url.encode(bytes) + "yy").getBytes(StandardCharsets.ISO_8859_1);
      int to = text.length - 2;
      assertThat(Base64Url.decode(text, 2, to)).isEqualTo(bytes);
      for (int at = 2; at < to; at++) {
        for (byte bad : new byte[] {'=', '+', '/', '.', '?', ' ', 0, (byte) 0x80, (byte) 0xFF}) {
          byte[] changed = text.clone();
          changed[at] = bad;
          assertThat(Base64Url.decode(changed, 2, to)).as("%d at %d", bad, at).isNull();
        }
      }
      byte[] padded = (Base64Url.encode(bytes) + "==").getBytes(StandardCharsets.ISO_8859_1);
      assertThat(Base64Url.decode(padded, 0, padded.length)).isNull();
      assertThat(Base64Url.decode(padded, 0, padded.length - 1)).isNull();
    }
  }

  @Test
  void encodeIntoWritesTheSameTextAtTheOffset() {
    Random random = new Random(11);
    for (int length = 0; length < 100; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      byte[] out = new byte[Base64Url.encodedLength(length) + 5];
      int end = Base64Url.encodeInto(bytes, out, 3);

      assertThat(end).isEqualTo(3 + Base64Url.encodedLength(length));
      assertThat(new String(out, 3, end - 3, StandardCharsets.ISO_8859_1))
          .isEqualTo(Base64Url.encode(bytes));
    }
  }

  private static void assertSameDecoding(byte[] text, int from, int to) {
    String asString = new String(text, StandardCharsets.ISO_8859_1);
    assertThat(Base64Url.decode(text, from, to))
        .as("%s", java.util.Arrays.toString(java.util.Arrays.copyOfRange(text, from, to)))
        .isEqualTo(Base64Url.decode(asString, from, to));
  }
}
