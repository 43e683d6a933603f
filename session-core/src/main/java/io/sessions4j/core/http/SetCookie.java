package io.sessions4j.core.http;

import java.time.Instant;

/**
 * One Set-Cookie header value (RFC 6265 §4.1 and RFC 6265bis attributes), built and formatted.
 * STUB: to be implemented.
 */
public final class SetCookie {
  private SetCookie() {}

  /** A builder for the cookie {@code name=value}; both must be valid RFC 6265 token / cookie-octets. */
  public static Builder builder(String name, String value) {
    throw new UnsupportedOperationException("stub");
  }

  /** The cookie name of a Set-Cookie header value, or null when it has none. */
  public static String nameOf(String setCookieHeaderValue) {
    throw new UnsupportedOperationException("stub");
  }

  /** Builds Set-Cookie values. */
  public static final class Builder {
    public Builder path(String path) { return this; }
    public Builder domain(String domain) { return this; }
    /** Max-Age in seconds and Expires = now + maxAge; null: a browser-session cookie (neither attribute). */
    public Builder expires(Instant now, java.time.Duration maxAge) { return this; }
    /** A cookie that deletes itself: Max-Age=0 and Expires in 1970. */
    public Builder expired() { return this; }
    public Builder secure(boolean secure) { return this; }
    public Builder httpOnly(boolean httpOnly) { return this; }
    public Builder sameSite(SameSite sameSite) { return this; }
    public Builder partitioned(boolean partitioned) { return this; }
    public Builder priority(CookiePriority priority) { return this; }
    /** The header value. */
    public String format() { throw new UnsupportedOperationException("stub"); }
  }
}
