package io.sessions4j.conformance.harness;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protocol request's target, {@code /p/{profile}/{route}}, and its query parameters: the parsing
 * every harness needs, so adapters only pass the framework's raw path and query through.
 */
public record ProtocolRoute(String profile, String route) {

  /** The prefix every profile is mounted under. */
  public static final String PREFIX = "/p/";

  /** The route of {@code path} (the request path without query), or null when it is not {@code /p/{profile}/{route}}. */
  public static ProtocolRoute parse(String path) {
    if (path == null || !path.startsWith(PREFIX)) {
      return null;
    }
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    return new ProtocolRoute(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * The parameters of a raw (still percent-encoded) query string, decoded as UTF-8
   * ({@code application/x-www-form-urlencoded}), in order; empty for null. Never throws: a
   * malformed escape leaves that parameter as sent.
   */
  public static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    params.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }
}
