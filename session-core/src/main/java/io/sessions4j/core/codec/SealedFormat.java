package io.sessions4j.core.codec;

import io.sessions4j.core.SessionTooLargeException;
import java.nio.charset.StandardCharsets;

/**
 * What the signed and encrypted formats share: the size limits and how the cookie name is bound
 * into what is authenticated. See {@code session-core/WIRE-FORMATS.md}.
 */
final class SealedFormat {
  /**
   * The most payload bytes a sealed value carries, before compression; also the cap the inflater
   * stops at, so whatever {@code seal} accepts {@code open} can read back.
   */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  /**
   * The longest sealed value {@code open} looks at. Browsers keep about 4096 bytes per cookie and
   * servers cap request headers near 8-16 KiB, so anything longer is not a cookie we wrote.
   */
  static final int MAX_SEALED_LENGTH = 32 * 1024;

  private SealedFormat() {}

  /**
   * The authenticated prefix that binds a value to its cookie: the name's UTF-8 length as 4
   * big-endian bytes, then the name. The length makes the boundary between the name and the
   * following text unambiguous whatever characters the name holds.
   */
  static byte[] nameBinding(String cookieName) {
    byte[] name = cookieName.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[4 + name.length];
    out[0] = (byte) (name.length >>> 24);
    out[1] = (byte) (name.length >>> 16);
    out[2] = (byte) (name.length >>> 8);
    out[3] = (byte) name.length;
    System.arraycopy(name, 0, out, 4, name.length);
    return out;
  }

  static void requireSealable(String cookieName, byte[] payload) {
    if (cookieName == null) {
      throw new NullPointerException("cookieName");
    }
    if (payload == null) {
      throw new NullPointerException("payload");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new SessionTooLargeException(
          "session payload is " + payload.length + " bytes; a sealed cookie carries at most "
              + MAX_PAYLOAD_BYTES + " bytes (before compression)");
    }
  }

  static void requireOpenableLength(int sealedLength) {
    if (sealedLength > MAX_SEALED_LENGTH) {
      throw new SessionTooLargeException(
          "sealed cookie value would be " + sealedLength + " characters; at most "
              + MAX_SEALED_LENGTH + " are accepted back (browsers keep about 4096 per cookie)");
    }
  }

  /** The version tags of every sealed format, longest first within a prefix. */
  private static final String[] TAGS = {
      SignedCookieSealer.VERSION_DEFLATED, SignedCookieSealer.VERSION,
      EncryptedCookieSealer.VERSION_DEFLATED, EncryptedCookieSealer.VERSION};

  /** A known version tag and a dot, then only base64url characters and dots, within the limit. */
  static boolean isWellFormed(String value) {
    if (value == null || value.length() > MAX_SEALED_LENGTH) {
      return false;
    }
    int bodyStart = -1;
    for (String tag : TAGS) {
      if (value.length() > tag.length() && value.startsWith(tag) && value.charAt(tag.length()) == '.') {
        bodyStart = tag.length() + 1;
        break;
      }
    }
    if (bodyStart < 0) {
      return false;
    }
    for (int i = bodyStart; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '.' && !Base64Url.isAlphabet(c)) {
        return false;
      }
    }
    return true;
  }

  /** The index of {@code c} in {@code text[from, to)}, or -1. */
  static int indexOf(String text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
