package io.sessions4j.conformance.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Set-Cookie} header as the kit reads it (RFC 6265 §5.2, without the browser's
 * defaulting): the name, the value exactly as sent, and the attributes by lower-cased name. The
 * kit parses cookies itself so it can assert the raw header, not what a cookie jar made of it.
 */
public record SetCookieHeader(String raw, String name, String value, Map<String, String> attributes) {

  /** Parses one header value; a header without {@code =} in its first pair has an empty name. */
  public static SetCookieHeader parse(String raw) {
    String[] parts = raw.split(";", -1);
    String pair = parts[0];
    int eq = pair.indexOf('=');
    String name = eq < 0 ? "" : pair.substring(0, eq).trim();
    String value = eq < 0 ? pair.trim() : pair.substring(eq + 1).trim();
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String attribute = parts[i].trim();
      if (attribute.isEmpty()) {
        continue;
      }
      int aeq = attribute.indexOf('=');
      String key = (aeq < 0 ? attribute : attribute.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
      String val = aeq < 0 ? "" : attribute.substring(aeq + 1).trim();
      attributes.putIfAbsent(key, val);
    }
    return new SetCookieHeader(raw, name, value, Collections.unmodifiableMap(attributes));
  }

  /** True when the attribute (any case) is present, with or without a value. */
  public boolean has(String attribute) {
    return attributes.containsKey(attribute.toLowerCase(Locale.ROOT));
  }

  /** The attribute's value, or null when absent. */
  public String attribute(String attribute) {
    return attributes.get(attribute.toLowerCase(Locale.ROOT));
  }

  /** Max-Age in seconds; null when absent; throws when present but not an integer. */
  public Long maxAge() {
    String v = attribute("Max-Age");
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Max-Age is not an integer: '" + v + "'");
    }
  }

  /** Expires as an instant; null when absent; throws when present but not an IMF-fixdate (RFC 1123). */
  public Instant expires() {
    String v = attribute("Expires");
    if (v == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("Expires is not an RFC 1123 date: '" + v + "'");
    }
  }

  /** True when this header deletes the cookie: {@code Max-Age<=0}, or an Expires not after {@code now}. */
  public boolean deletes(Instant now) {
    Long maxAge = maxAge();
    if (maxAge != null) {
      return maxAge <= 0;
    }
    Instant expires = expires();
    return expires != null && !expires.isAfter(now);
  }

  @Override
  public String toString() {
    return raw;
  }
}
