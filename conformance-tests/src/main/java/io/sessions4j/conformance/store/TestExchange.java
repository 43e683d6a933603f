package io.sessions4j.conformance.store;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory request/response for driving the real engine against a store without a server:
 * request headers in, response headers out. One exchange is one request; not shared between threads.
 */
public final class TestExchange implements HttpExchange {
  private final Map<String, List<String>> requestHeaders = new ConcurrentHashMap<>();
  private final Map<String, List<String>> responseHeaders = new ConcurrentHashMap<>();

  /** A request carrying no headers. */
  public TestExchange() {}

  /** A request carrying {@code header: value}, or no header when {@code value} is null. */
  public static TestExchange withHeader(String header, String value) {
    TestExchange exchange = new TestExchange();
    if (value != null) {
      exchange.requestHeaders.put(key(header), List.of(value));
    }
    return exchange;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return requestHeaders.getOrDefault(key(name), List.of());
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
    return List.copyOf(responseHeaders.getOrDefault(key(name), List.of()));
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      responseHeaders.remove(key(name));
    } else {
      responseHeaders.put(key(name), new ArrayList<>(values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    responseHeaders.computeIfAbsent(key(name), k -> new ArrayList<>()).add(value);
  }

  @Override
  public boolean isResponseCommitted() {
    return false;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
