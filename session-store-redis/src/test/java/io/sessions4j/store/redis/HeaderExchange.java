package io.sessions4j.store.redis;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A request/response pair for driving the engine without a server: the id travels in a header. */
final class HeaderExchange implements HttpExchange {
  static final String ID_HEADER = "X-Session-Id";

  private final Map<String, List<String>> request = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, List<String>> response = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  HeaderExchange(String sessionId) {
    if (sessionId != null) {
      request.put(ID_HEADER, List.of(sessionId));
    }
  }

  /** A request carrying the given header instead of the id header (e.g. a Cookie). */
  static HeaderExchange withHeader(String name, String value) {
    HeaderExchange exchange = new HeaderExchange(null);
    exchange.request.put(name, List.of(value));
    return exchange;
  }

  /** The id the engine sent back, or null when it sent none. */
  String issuedId() {
    List<String> values = response.get(ID_HEADER);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public List<String> requestHeaders(String name) {
    return request.getOrDefault(name, List.of());
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public List<String> responseHeaders(String name) {
    return List.copyOf(response.getOrDefault(name, List.of()));
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      response.remove(name);
    } else {
      response.put(name, new ArrayList<>(values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
  }

  @Override
  public boolean isResponseCommitted() {
    return false;
  }
}
