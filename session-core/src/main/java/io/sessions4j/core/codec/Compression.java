package io.sessions4j.core.codec;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw DEFLATE (RFC 1951, no zlib header or checksum: the seal already authenticates the bytes)
 * with an inflater that stops at a size cap, so a small cookie cannot expand into a large
 * allocation (a "zip bomb" is no session, not an OutOfMemoryError).
 */
final class Compression {
  private Compression() {}

  static byte[] deflate(byte[] input) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(input);
      deflater.finish();
      byte[] buffer = new byte[Math.max(64, input.length / 2)];
      int length = 0;
      while (!deflater.finished()) {
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        length += deflater.deflate(buffer, length, buffer.length - length);
      }
      return Arrays.copyOf(buffer, length);
    } finally {
      deflater.end();
    }
  }

  /**
   * The inflated bytes, or null when {@code input} is not one complete raw DEFLATE stream (with no
   * trailing bytes) or would inflate to more than {@code maxBytes}.
   */
  static byte[] inflate(byte[] input, int maxBytes) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(input);
      byte[] buffer = new byte[(int) Math.min(maxBytes + 1L, Math.max(256L, input.length * 4L))];
      int length = 0;
      while (!inflater.finished()) {
        if (length == buffer.length) {
          if (length > maxBytes) {
            return null;
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1L, buffer.length * 2L));
        }
        int n = inflater.inflate(buffer, length, buffer.length - length);
        if (n == 0 && !inflater.finished() && length < buffer.length) {
          return null; // truncated stream, or one asking for a preset dictionary
        }
        length += n;
      }
      if (length > maxBytes || inflater.getRemaining() != 0) {
        return null;
      }
      return Arrays.copyOf(buffer, length);
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /**
   * The deflated payload when compression is on ({@code compressAbove > 0}), the payload is longer
   * than {@code compressAbove} and deflating actually shrinks it; otherwise null (seal it as is).
   */
  static byte[] deflateIfSmaller(byte[] payload, int compressAbove) {
    if (compressAbove <= 0 || payload.length <= compressAbove) {
      return null;
    }
    byte[] deflated = deflate(payload);
    return deflated.length < payload.length ? deflated : null;
  }
}
