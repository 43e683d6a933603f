package io.sessions4j.core.http;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One Set-Cookie header value (RFC 6265 §4.1 and RFC 6265bis attributes), built and formatted.
 *
 * <p>Attributes are written in a fixed order: {@code name=value; Path; Domain; Max-Age; Expires;
 * Secure; HttpOnly; SameSite; Partitioned; Priority}. Names and values are validated against the
 * RFC 6265 §4.1.1 grammar when the builder is created, so a header this class writes is always
 * well formed. Browser rules that depend on other attributes are not checked here: {@code
 * SameSite=None} and {@code Partitioned} (CHIPS) cookies are dropped by browsers unless {@code
 * Secure}; the session configuration refuses such combinations.
 *
 * <p>Formatting is on every response that sets a cookie, so it uses one {@link StringBuilder} and
 * a hand-written date formatter.
 */
public final class SetCookie {
  /**
   * The latest Expires written, {@code Fri, 31 Dec 9999 23:59:59 GMT}: IMF-fixdate has a 4-digit
   * year, so later expiries are clamped to it (Max-Age keeps the full value).
   */
  static final long MAX_EXPIRES_EPOCH_SECOND = 253_402_300_799L;

  private static final long NO_EXPIRY = Long.MIN_VALUE;
  private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTH_NAMES = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /**
   * RFC 2616 §2.2 token characters: CHAR except CTLs and separators {@code ( ) < > @ , ; : \ " / [
   * ] ? = { } SP HT}.
   */
  private static final boolean[] TOKEN = new boolean[128];

  /**
   * RFC 6265 §4.1.1 cookie-octet: {@code %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E}, that is
   * US-ASCII without CTLs, whitespace, DQUOTE, comma, semicolon and backslash.
   */
  private static final boolean[] COOKIE_OCTET = new boolean[128];

  static {
    String separators = "()<>@,;:\\\"/[]?={} \t";
    for (char c = 0x21; c < 0x7F; c++) {
      TOKEN[c] = separators.indexOf(c) < 0;
      COOKIE_OCTET[c] = c != '"' && c != ',' && c != ';' && c != '\\';
    }
  }

  private SetCookie() {}

  /**
   * A builder for the cookie {@code name=value}; both must be valid RFC 6265 token / cookie-octets.
   *
   * @param name an RFC 2616 token: US-ASCII letters, digits and {@code !#$%&'*+-.^_`|~}
   * @param value zero or more cookie-octets, optionally wrapped in DQUOTEs (written as given)
   * @throws IllegalArgumentException when either is null or breaks the grammar; the message never
   *     repeats the value, which may be a session id
   */
  public static Builder builder(String name, String value) {
    requireToken(name);
    requireCookieValue(value);
    return new Builder(name, value);
  }

  /**
   * The cookie name of a Set-Cookie header value, or null when it has none: the text before the
   * first {@code =} of the first {@code ;}-separated part, without surrounding whitespace (RFC 6265
   * §5.2 steps 1-4). Never throws.
   */
  public static String nameOf(String setCookieHeaderValue) {
    if (setCookieHeaderValue == null) {
      return null;
    }
    String s = setCookieHeaderValue;
    int end = s.indexOf(';');
    if (end < 0) {
      end = s.length();
    }
    int equals = s.indexOf('=');
    if (equals < 0 || equals >= end) {
      return null;
    }
    int start = 0;
    while (start < equals && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    int nameEnd = equals;
    while (nameEnd > start && (s.charAt(nameEnd - 1) == ' ' || s.charAt(nameEnd - 1) == '\t')) {
      nameEnd--;
    }
    return nameEnd == start ? null : s.substring(start, nameEnd);
  }

  /**
   * {@code epochSecond} as an RFC 7231 §7.1.1.1 IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37
   * GMT}), clamped to 1970-01-01T00:00:00Z .. {@link #MAX_EXPIRES_EPOCH_SECOND}.
   */
  static String imfFixdate(long epochSecond) {
    StringBuilder out = new StringBuilder(29);
    appendImfFixdate(out, epochSecond);
    return out.toString();
  }

  /** The last date formatted: a session cookie's Expires repeats for every response in one second. */
  private record FormattedDate(long epochSecond, String text) {}

  private static volatile FormattedDate lastFormatted = new FormattedDate(-1, "");

  private static void appendImfFixdate(StringBuilder out, long epochSecond) {
    long second = Math.max(0, Math.min(MAX_EXPIRES_EPOCH_SECOND, epochSecond));
    FormattedDate last = lastFormatted;
    if (last.epochSecond == second) {
      out.append(last.text);
      return;
    }
    int from = out.length();
    formatImfFixdate(out, second);
    lastFormatted = new FormattedDate(second, out.substring(from));
  }

  private static void formatImfFixdate(StringBuilder out, long second) {
    LocalDate date = LocalDate.ofEpochDay(second / 86_400);
    int secondOfDay = (int) (second % 86_400);
    // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year
    out.append(DAY_NAMES[date.getDayOfWeek().ordinal()]).append(", ");
    appendTwoDigits(out, date.getDayOfMonth());
    out.append(' ').append(MONTH_NAMES[date.getMonthValue() - 1]).append(' ');
    int year = date.getYear();
    appendTwoDigits(out, year / 100);
    appendTwoDigits(out, year % 100);
    out.append(' ');
    appendTwoDigits(out, secondOfDay / 3600);
    out.append(':');
    appendTwoDigits(out, secondOfDay / 60 % 60);
    out.append(':');
    appendTwoDigits(out, secondOfDay % 60);
    out.append(" GMT");
  }

  private static void appendTwoDigits(StringBuilder out, int value) {
    out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static void requireToken(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("cookie name is " + (name == null ? "null" : "empty")
          + "; give an RFC 6265 token such as \"sid\"");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 128 || !TOKEN[c]) {
        throw new IllegalArgumentException("cookie name \"" + printable(name) + "\" has "
            + describe(c) + " at index " + i + ", which an RFC 6265 token does not allow; use "
            + "only US-ASCII letters, digits and !#$%&'*+-.^_`|~");
      }
    }
  }

  private static void requireCookieValue(String value) {
    if (value == null) {
      throw new IllegalArgumentException("cookie value is null; use \"\" for an empty value");
    }
    int from = 0;
    int to = value.length();
    if (to >= 2 && value.charAt(0) == '"' && value.charAt(to - 1) == '"') {
      from = 1; // cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
      to--;
    }
    for (int i = from; i < to; i++) {
      char c = value.charAt(i);
      if (c >= 128 || !COOKIE_OCTET[c]) {
        throw new IllegalArgumentException("cookie value has " + describe(c) + " at index " + i
            + ", which RFC 6265 cookie-octets do not allow (no whitespace, DQUOTE, comma, "
            + "semicolon, backslash, control or non-ASCII characters); encode the value, e.g. "
            + "as base64url");
      }
    }
  }

  /** RFC 6265 §4.1.1: path-value and (leniently) domain-value are CHARs except CTLs and ";". */
  private static String requireAttributeValue(String attribute, String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(attribute + " is empty; use null to leave the "
          + attribute + " attribute out");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == ';') {
        throw new IllegalArgumentException(attribute + " \"" + printable(value) + "\" has "
            + describe(c) + " at index " + i + "; a cookie " + attribute + " may not hold ';', "
            + "control or non-ASCII characters");
      }
    }
    return value;
  }

  private static String describe(char c) {
    String code = String.format("U+%04X", (int) c);
    return c > 0x20 && c < 0x7F ? "'" + c + "' (" + code + ")" : code;
  }

  /** The text with anything but visible ASCII shown as '?', so a message cannot forge log lines. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && i < 64; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return s.length() > 64 ? out.append("...").toString() : out.toString();
  }

  /** Builds Set-Cookie values. Not thread-safe; {@link #format()} may be called repeatedly. */
  public static final class Builder {
    private final String name;
    private final String value;
    private String path;
    private String domain;
    private long maxAgeSeconds = NO_EXPIRY;
    private long expiresEpochSecond;
    private boolean secure;
    private boolean httpOnly;
    private SameSite sameSite;
    private boolean partitioned;
    private CookiePriority priority;

    private Builder(String name, String value) {
      this.name = name;
      this.value = value;
    }

    /**
     * A new builder for the same cookie with another value and every attribute set so far: a
     * builder configured once serves as the template of each response's cookie, its attributes
     * validated once.
     *
     * @throws IllegalArgumentException when the value breaks the grammar (see {@link #builder})
     */
    public Builder withValue(String value) {
      requireCookieValue(value);
      Builder copy = new Builder(name, value);
      copy.path = path;
      copy.domain = domain;
      copy.maxAgeSeconds = maxAgeSeconds;
      copy.expiresEpochSecond = expiresEpochSecond;
      copy.secure = secure;
      copy.httpOnly = httpOnly;
      copy.sameSite = sameSite;
      copy.partitioned = partitioned;
      copy.priority = priority;
      return copy;
    }

    /**
     * The Path attribute; null leaves it out.
     *
     * @throws IllegalArgumentException when empty or holding ';', control or non-ASCII characters
     */
    public Builder path(String path) {
      this.path = requireAttributeValue("path", path);
      return this;
    }

    /**
     * The Domain attribute; null leaves it out (a host-only cookie).
     *
     * @throws IllegalArgumentException when empty or holding ';', control or non-ASCII characters
     */
    public Builder domain(String domain) {
      this.domain = requireAttributeValue("domain", domain);
      return this;
    }

    /**
     * Max-Age in seconds and Expires = now + maxAge; null: a browser-session cookie (neither
     * attribute).
     *
     * <p>Both are truncated to whole seconds. Max-Age is written as given, however large (browsers
     * cap it themselves, RFC 6265bis at 400 days); Expires, which only older clients read, is
     * clamped to {@code Fri, 31 Dec 9999 23:59:59 GMT}, the last date IMF-fixdate can write. A
     * negative maxAge writes {@code Max-Age=0} and an Expires in the past (but not before 1970):
     * the cookie is deleted.
     */
    public Builder expires(Instant now, Duration maxAge) {
      if (maxAge == null) {
        maxAgeSeconds = NO_EXPIRY;
        return this;
      }
      Objects.requireNonNull(now, "now");
      maxAgeSeconds = maxAge.isNegative() ? 0 : maxAge.getSeconds();
      expiresEpochSecond = plusSaturated(now, maxAge);
      return this;
    }

    /** A cookie that deletes itself: Max-Age=0 and Expires in 1970. */
    public Builder expired() {
      maxAgeSeconds = 0;
      expiresEpochSecond = 0;
      return this;
    }

    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /** The SameSite attribute (RFC 6265bis); null leaves it out. {@code NONE} needs Secure. */
    public Builder sameSite(SameSite sameSite) {
      this.sameSite = sameSite;
      return this;
    }

    /** The Partitioned attribute (CHIPS): a cookie jar per top-level site. Needs Secure. */
    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    /** The (Chromium) Priority attribute; null leaves it out. */
    public Builder priority(CookiePriority priority) {
      this.priority = priority;
      return this;
    }

    /** The header value. */
    public String format() {
      StringBuilder out = new StringBuilder(name.length() + value.length() + 128);
      out.append(name).append('=').append(value);
      if (path != null) {
        out.append("; Path=").append(path);
      }
      if (domain != null) {
        out.append("; Domain=").append(domain);
      }
      if (maxAgeSeconds != NO_EXPIRY) {
        out.append("; Max-Age=").append(maxAgeSeconds);
        out.append("; Expires=");
        appendImfFixdate(out, expiresEpochSecond);
      }
      if (secure) {
        out.append("; Secure");
      }
      if (httpOnly) {
        out.append("; HttpOnly");
      }
      if (sameSite != null) {
        out.append("; SameSite=").append(sameSite.attributeValue());
      }
      if (partitioned) {
        out.append("; Partitioned");
      }
      if (priority != null) {
        out.append("; Priority=").append(priority.attributeValue());
      }
      return out.toString();
    }

    /** now + maxAge in whole epoch seconds, saturating instead of overflowing. */
    private static long plusSaturated(Instant now, Duration maxAge) {
      long carry = now.getNano() + (long) maxAge.getNano() >= 1_000_000_000L ? 1 : 0;
      try {
        return Math.addExact(Math.addExact(now.getEpochSecond(), maxAge.getSeconds()), carry);
      } catch (ArithmeticException overflow) {
        return maxAge.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }
  }
}
