package io.sessions4j.conformance.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One exchange as the kit saw it: the request sent (path and headers) and the raw response
 * (status, headers with lower-cased names, body as UTF-8). {@link #describe()} is the evidence a
 * failing check prints.
 */
public record Reply(String path, Map<String, String> requestHeaders, int status,
    Map<String, List<String>> headers, String body) {

  /** Every value of a response header (name in any case). */
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of a response header, or null. */
  public String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every Set-Cookie header, parsed, in order. */
  public List<SetCookieHeader> setCookies() {
    return headers("set-cookie").stream().map(SetCookieHeader::parse).collect(Collectors.toList());
  }

  /** The Set-Cookie headers for cookie {@code name}. */
  public List<SetCookieHeader> setCookies(String name) {
    return setCookies().stream().filter(c -> c.name().equals(name)).collect(Collectors.toList());
  }

  /** The server's clock from the {@code Date} header, or null when absent or unreadable. */
  public Instant date() {
    String date = header("date");
    if (date == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** One line of evidence: request, status, Set-Cookie headers and the start of the body. */
  public String describe() {
    int q = path.indexOf('?');
    StringBuilder b = new StringBuilder("GET ").append(q < 0 ? path : path.substring(0, q));
    if (q >= 0) {
      b.append('?').append(shorten(path.substring(q + 1), 80));
    }
    requestHeaders.forEach((k, v) -> b.append(" [").append(k).append(": ").append(shorten(v, 60)).append(']'));
    b.append(" -> ").append(status);
    for (String c : headers("set-cookie")) {
      b.append(" [Set-Cookie: ").append(shorten(c, 160)).append(']');
    }
    String location = header("location");
    if (location != null) {
      b.append(" [Location: ").append(location).append(']');
    }
    b.append(" body: ").append(body.isEmpty() ? "(empty)" : shorten(body.replace('\n', ' '), 300));
    return b.toString();
  }

  /** At most {@code max} characters, with a marker saying how much was cut. */
  public static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
  }
}
