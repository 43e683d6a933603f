package io.sessions4j.core.http;

import java.util.List;

/**
 * Reads cookies from request {@code Cookie} headers (RFC 6265 §5.4, lenient as browsers are).
 * STUB: to be implemented.
 */
public final class CookieHeader {
  private CookieHeader() {}

  /**
   * Every value of the cookie {@code name} across all {@code Cookie} header lines, in the order
   * sent (most specific path first, as browsers order them); DQUOTE-wrapped values are unwrapped.
   * Malformed pairs are skipped; never throws.
   */
  public static List<String> values(List<String> cookieHeaders, String name) {
    throw new UnsupportedOperationException("stub");
  }
}
