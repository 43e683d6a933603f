package io.sessions4j.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads cookies from request {@code Cookie} headers (RFC 6265 §5.4, lenient as browsers are).
 *
 * <p>A user agent sends {@code cookie-string = cookie-pair *( ";" SP cookie-pair )} (§4.2.1), but
 * servers see hand-written and proxied headers too, so parsing follows what browsers and OkHttp
 * accept rather than the strict grammar: pairs are split on {@code ;}, optional whitespace (SP,
 * HTAB) around names and values is dropped, the name ends at the first {@code =} (so values may
 * contain {@code =}), pairs without {@code =} are skipped, and a value wrapped in DQUOTEs is
 * unwrapped (§4.1.1 allows {@code DQUOTE *cookie-octet DQUOTE}). Values are not otherwise
 * validated; whoever reads one (e.g. a {@code CookieSealer}) rejects what it cannot use.
 */
public final class CookieHeader {
  private CookieHeader() {}

  /**
   * Every value of the cookie {@code name} across all {@code Cookie} header lines, in the order
   * sent (most specific path first, as browsers order them); DQUOTE-wrapped values are unwrapped.
   * Names are case-sensitive (§5.4 compares them octet by octet). Malformed pairs are skipped;
   * null lists, null lines or a null name give an empty list; never throws.
   */
  public static List<String> values(List<String> cookieHeaders, String name) {
    if (cookieHeaders == null || name == null) {
      return List.of();
    }
    List<String> values = null;
    for (int h = 0, count = cookieHeaders.size(); h < count; h++) {
      String header = cookieHeaders.get(h);
      if (header == null) {
        continue;
      }
      int length = header.length();
      for (int pairStart = 0; pairStart < length; ) {
        int pairEnd = header.indexOf(';', pairStart);
        if (pairEnd < 0) {
          pairEnd = length;
        }
        String value = valueIfNamed(header, pairStart, pairEnd, name);
        if (value != null) {
          if (values == null) {
            values = new ArrayList<>(2);
          }
          values.add(value);
        }
        pairStart = pairEnd + 1;
      }
    }
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  /** The value of the pair {@code header[start, end)} when its name is {@code name}, else null. */
  private static String valueIfNamed(String header, int start, int end, String name) {
    // Searching only within the pair keeps a long line of '='-less pairs linear, not quadratic.
    int equals = start;
    while (equals < end && header.charAt(equals) != '=') {
      equals++;
    }
    if (equals == end) {
      return null; // like RFC 6265 §5.2 step 2, a pair without '=' is ignored
    }
    int nameStart = skipWhitespace(header, start, equals);
    int nameEnd = trimWhitespace(header, nameStart, equals);
    if (nameEnd - nameStart != name.length() || !header.startsWith(name, nameStart)) {
      return null;
    }
    int valueStart = skipWhitespace(header, equals + 1, end);
    int valueEnd = trimWhitespace(header, valueStart, end);
    if (valueEnd - valueStart >= 2
        && header.charAt(valueStart) == '"'
        && header.charAt(valueEnd - 1) == '"') {
      valueStart++;
      valueEnd--;
    }
    return header.substring(valueStart, valueEnd);
  }

  private static int skipWhitespace(String s, int from, int to) {
    while (from < to && isWhitespace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimWhitespace(String s, int from, int to) {
    while (to > from && isWhitespace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  /** OWS in RFC 7230 §3.2.3: SP or HTAB. */
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
