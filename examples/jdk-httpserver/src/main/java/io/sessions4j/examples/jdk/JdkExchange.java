package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.net.InetSocketAddress;
import java.util.List;

/** The core's exchange SPI over a {@code com.sun.net.httpserver.HttpExchange}. */
final class JdkExchange implements io.sessions4j.core.http.HttpExchange {
  private final HttpExchange http;

  JdkExchange(HttpExchange http) {
    this.http = http;
  }

  HttpExchange http() {
    return http;
  }

  @Override
  public List<String> requestHeaders(String name) {
    List<String> values = http.getRequestHeaders().get(name);
    return values == null ? List.of() : values;
  }

  @Override
  public boolean isSecure() {
    return http instanceof HttpsExchange;
  }

  @Override
  public String remoteAddress() {
    InetSocketAddress remote = http.getRemoteAddress();
    return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
  }

  @Override
  public List<String> responseHeaders(String name) {
    List<String> values = http.getResponseHeaders().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      http.getResponseHeaders().remove(name);
    } else {
      http.getResponseHeaders().put(name, new java.util.ArrayList<>(values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    http.getResponseHeaders().add(name, value);
  }

  @Override
  public boolean isResponseCommitted() {
    return http.getResponseCode() != -1;
  }
}
