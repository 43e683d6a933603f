package io.sessions4j.core.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Unpadded base64url (RFC 4648 §5) with a strict decoder: every text has exactly one decoding and
 * every byte string exactly one encoding. The JDK decoder also accepts padding and non-zero unused
 * bits in the last character, which would let a changed cookie text decode to the same bytes.
 */
final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int[] VALUES = new int[256];

  static {
    Arrays.fill(VALUES, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = i;
    }
  }

  private Base64Url() {}

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Encodes {@code bytes} as ASCII into {@code out} from {@code at}; returns the index after the
   * last character written ({@code at + encodedLength(bytes.length)}).
   */
  static int encodeInto(byte[] bytes, byte[] out, int at) {
    byte[] text = ENCODER.encode(bytes);
    System.arraycopy(text, 0, out, at, text.length);
    return at + text.length;
  }

  /** The number of characters {@link #encode} writes for {@code byteCount} bytes. */
  static int encodedLength(int byteCount) {
    return (byteCount / 3) * 4 + (byteCount % 3 == 0 ? 0 : byteCount % 3 + 1);
  }

  /**
   * Decodes {@code text[from, to)}; null unless it is canonical unpadded base64url (only
   * {@code A-Z a-z 0-9 - _}, length not 1 mod 4, unused bits of the last character zero).
   */
  static byte[] decode(String text, int from, int to) {
    int length = to - from;
    int rest = length & 3;
    if (rest == 1) {
      return null;
    }
    byte[] out = new byte[(length >> 2) * 3 + (rest == 0 ? 0 : rest - 1)];
    int o = 0;
    int i = from;
    for (int end = to - rest; i < end; i += 4) {
      int a = value(text.charAt(i));
      int b = value(text.charAt(i + 1));
      int c = value(text.charAt(i + 2));
      int d = value(text.charAt(i + 3));
      if ((a | b | c | d) < 0) {
        return null;
      }
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    if (rest == 2) {
      int a = value(text.charAt(i));
      int b = value(text.charAt(i + 1));
      if ((a | b) < 0 || (b & 0x0F) != 0) {
        return null;
      }
      out[o] = (byte) (a << 2 | b >> 4);
    } else if (rest == 3) {
      int a = value(text.charAt(i));
      int b = value(text.charAt(i + 1));
      int c = value(text.charAt(i + 2));
      if ((a | b | c) < 0 || (c & 0x03) != 0) {
        return null;
      }
      int bits = a << 12 | b << 6 | c;
      out[o++] = (byte) (bits >> 10);
      out[o] = (byte) (bits >> 2);
    }
    return out;
  }

  /**
   * Decodes the ASCII (or ISO-8859-1) text {@code text[from, to)} with exactly the rules of
   * {@link #decode(String, int, int)}: null unless it is canonical unpadded base64url. Bytes
   * outside the alphabet (including 0x80-0xFF and the '?' a non-Latin-1 character became) are
   * refused.
   *
   * <p>The bulk of the work is the JDK's url decoder (an intrinsic on current x86 and ARM CPUs,
   * several times faster than a table loop); what it allows that this format does not is checked
   * first: a length of 1 mod 4, padding (which it accepts only in the last two positions), and
   * non-zero unused bits in the last character.
   */
  static byte[] decode(byte[] text, int from, int to) {
    int length = to - from;
    int rest = length & 3;
    if (rest == 1) {
      return null;
    }
    if (length == 0) {
      return new byte[0];
    }
    int last = VALUES[text[to - 1] & 0xFF];
    if (last < 0 || text[to - 2] == '='
        || (rest == 2 && (last & 0x0F) != 0) || (rest == 3 && (last & 0x03) != 0)) {
      return null;
    }
    try {
      return DECODER.decode(ByteBuffer.wrap(text, from, length)).array();
    } catch (IllegalArgumentException e) {
      return null; // a byte outside the alphabet
    }
  }

  /** True for the 64 characters of the base64url alphabet. */
  static boolean isAlphabet(char c) {
    return value(c) >= 0;
  }

  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }
}
