package io.sessions4j.servlet;

import io.sessions4j.core.http.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The exchange SPI over one servlet request and its (unwrapped) response. Response headers go to
 * the response the filter received, never through the commit-tracking wrapper, so the engine's own
 * writes are not mistaken for application output.
 */
class ServletExchange implements HttpExchange {
  private final HttpServletRequest request;
  private final HttpServletResponse response;

  ServletExchange(HttpServletRequest request, HttpServletResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public List<String> requestHeaders(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }

  @Override
  public boolean isSecure() {
    return request.isSecure();
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public List<String> responseHeaders(String name) {
    Collection<String> values = response.getHeaders(name);
    return values == null ? List.of() : new ArrayList<>(values);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      // Servlet 6.1 (and Jetty 12): a null value removes the header. Servlet 6.0 Tomcat ignores it,
      // and the API has no other way to remove one; the engine only ever replaces values.
      response.setHeader(name, null);
      return;
    }
    response.setHeader(name, values.get(0));
    for (int i = 1; i < values.size(); i++) {
      response.addHeader(name, values.get(i));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.addHeader(name, value);
  }

  @Override
  public boolean isResponseCommitted() {
    return response.isCommitted();
  }
}
