package io.sessions4j.core.compat.node;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * express-session's id cookie, as its sources write and read it (express-session 1.19 with
 * cookie-signature 1.0 and cookie 0.7): the value is {@code "s:" + id + "." + sig}, where {@code
 * sig} is the base64 HMAC-SHA256 of the id under the secret with the trailing {@code =} removed,
 * and the whole value is written with JavaScript's {@code encodeURIComponent}. The first secret
 * signs; every secret verifies (express-session's {@code unsigncookie}). A value without {@code s:}
 * carries no session, as in express-session.
 */
public final class ExpressSessionCookie {
  private static final String PREFIX = "s:";
  /** {@code Date.prototype.toUTCString}: {@code Sun, 06 Dec 2026 17:58:59 GMT}. */
  private static final DateTimeFormatter UTC_STRING =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ExpressSessionCookie() {}

  /** The signed value before URL encoding: {@code s:<id>.<signature>}. */
  public static String sign(String id, String secret) {
    return PREFIX + id + "." + signature(id, secret);
  }

  /** The cookie value express-session sends for {@code id}: {@link #sign} URL-encoded. */
  public static String cookieValue(String id, String secret) {
    return encodeUriComponent(sign(id, secret));
  }

  /**
   * The id a cookie value carries, verified with each secret in turn, or null when it is not signed,
   * not well formed or signed with none of them.
   *
   * @param cookieValue the value as the Cookie header holds it (URL-encoded)
   * @return the id and the index of the secret that verified it, or null
   */
  public static Verified unsign(String cookieValue, List<String> secrets) {
    String raw = cookieValue.indexOf('%') >= 0 ? decodeUriComponent(cookieValue) : cookieValue;
    if (raw == null || !raw.startsWith(PREFIX)) {
      return null;
    }
    String signed = raw.substring(PREFIX.length());
    int dot = signed.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    String id = signed.substring(0, dot);
    byte[] presented = signed.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < secrets.size(); i++) {
      byte[] expected = (id + "." + signature(id, secrets.get(i))).getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(expected, presented)) {
        return new Verified(id, i);
      }
    }
    return null;
  }

  /** An id read from a cookie, and which secret (0 = the first, signing one) verified it. */
  public record Verified(String id, int secretIndex) {
    /** Never prints the id in full. */
    @Override
    public String toString() {
      return "Verified[id=" + io.sessions4j.core.id.SessionIds.redact(id) + ", secret=" + secretIndex + "]";
    }
  }

  /** base64(HMAC-SHA256(secret, value)) without the trailing {@code =}, as cookie-signature's {@code sign}. */
  static String signature(String value, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // Node's createHmac takes a string key as its UTF-8 bytes; an empty key is refused by the config
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String b64 = Base64.getEncoder().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
      int end = b64.length();
      while (end > 0 && b64.charAt(end - 1) == '=') {
        end--;
      }
      return b64.substring(0, end);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * The Set-Cookie header express-session writes ({@code cookie.serialize}): attributes in the
   * order {@code Domain, Path, Expires, HttpOnly, Secure, Partitioned, Priority, SameSite}, with
   * {@code Expires} and never {@code Max-Age}.
   *
   * @param expires null for a browser-session cookie
   * @param priority {@code Low}, {@code Medium}, {@code High}, or null
   * @param sameSite {@code Strict}, {@code Lax}, {@code None}, or null
   */
  public static String setCookie(String name, String encodedValue, String domain, String path, Instant expires,
      boolean httpOnly, boolean secure, boolean partitioned, String priority, String sameSite) {
    StringBuilder s = new StringBuilder(160).append(name).append('=').append(encodedValue);
    if (domain != null) {
      s.append("; Domain=").append(domain);
    }
    if (path != null) {
      s.append("; Path=").append(path);
    }
    if (expires != null) {
      s.append("; Expires=").append(UTC_STRING.format(expires));
    }
    if (httpOnly) {
      s.append("; HttpOnly");
    }
    if (secure) {
      s.append("; Secure");
    }
    if (partitioned) {
      s.append("; Partitioned");
    }
    if (priority != null) {
      s.append("; Priority=").append(priority);
    }
    if (sameSite != null) {
      s.append("; SameSite=").append(sameSite);
    }
    return s.toString();
  }

  /** JavaScript's {@code encodeURIComponent}: everything but {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} as UTF-8 %XX. */
  public static String encodeUriComponent(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** JavaScript's {@code decodeURIComponent}, or null where it would throw (bad escapes, bad UTF-8). */
  static String decodeUriComponent(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          return null;
        }
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
