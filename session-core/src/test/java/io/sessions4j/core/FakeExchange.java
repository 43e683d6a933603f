package io.sessions4j.core;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory request/response pair for driving the engine without a server. */
final class FakeExchange implements HttpExchange {
  final Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
  final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
  boolean secure;
  String remoteAddress = "127.0.0.1";
  boolean committed;

  static FakeExchange withCookie(String cookieHeader) {
    FakeExchange ex = new FakeExchange();
    if (cookieHeader != null) {
      ex.requestHeaders.put("cookie", new ArrayList<>(List.of(cookieHeader)));
    }
    return ex;
  }

  FakeExchange header(String name, String value) {
    requestHeaders.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
    return this;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return requestHeaders.getOrDefault(name.toLowerCase(), List.of());
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public List<String> responseHeaders(String name) {
    return responseHeaders.getOrDefault(name.toLowerCase(), List.of());
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      responseHeaders.remove(name.toLowerCase());
    } else {
      responseHeaders.put(name.toLowerCase(), new ArrayList<>(values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    responseHeaders.computeIfAbsent(name.toLowerCase(), k -> new ArrayList<>()).add(value);
  }

  @Override
  public boolean isResponseCommitted() {
    return committed;
  }

  List<String> setCookies() {
    return responseHeaders("Set-Cookie");
  }

  /** The {@code name=value} part of the session cookie set on this response, for the next request. */
  String sessionCookie(String name) {
    for (String h : setCookies()) {
      if (h.startsWith(name + "=")) {
        return h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';'));
      }
    }
    return null;
  }
}
