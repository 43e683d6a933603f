package io.sessions4j.conformance.jdk;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/** The core's exchange SPI over the JDK server's exchange; committed once headers are sent. */
final class JdkExchange implements HttpExchange {
  private final com.sun.net.httpserver.HttpExchange http;

  JdkExchange(com.sun.net.httpserver.HttpExchange http) {
    this.http = http;
  }

  @Override
  public List<String> requestHeaders(String name) {
    List<String> values = http.getRequestHeaders().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  @Override
  public boolean isSecure() {
    return http instanceof com.sun.net.httpserver.HttpsExchange;
  }

  @Override
  public String remoteAddress() {
    return http.getRemoteAddress().getAddress().getHostAddress();
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
      http.getResponseHeaders().put(name, new ArrayList<>(values));
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
