package io.sessions4j.webflux;

import io.sessions4j.core.http.AbstractExchange;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The exchange SPI over one WebFlux request and its response.
 *
 * <p>The engine commits in the response's {@code beforeCommit} action, while Spring counts the
 * response as committed already but still takes headers: the adapter {@linkplain #holdHeadersOpen()
 * holds the headers open} for that commit and {@linkplain #closeHeaders() closes} them after it.
 * Otherwise the response's own {@code isCommitted()} answers.
 */
final class WebFluxExchange extends AbstractExchange {
  private final ServerHttpRequest request;
  private final ServerHttpResponse response;

  WebFluxExchange(ServerHttpRequest request, ServerHttpResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return values(request.getHeaders(), name);
  }

  /** The transport itself: Spring reports TLS when the connection carries an SSL session. */
  @Override
  public boolean isSecure() {
    return request.getSslInfo() != null;
  }

  @Override
  public String remoteAddress() {
    InetSocketAddress peer = request.getRemoteAddress();
    if (peer == null) {
      return null;
    }
    return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
  }

  @Override
  public List<String> responseHeaders(String name) {
    return values(response.getHeaders(), name);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    HttpHeaders headers = response.getHeaders();
    headers.headerSet().removeIf(header -> header.getKey().equalsIgnoreCase(name));
    if (!values.isEmpty()) {
      headers.put(name, new ArrayList<>(values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  @Override
  protected boolean responseHeadWritten() {
    return response.isCommitted();
  }

  /**
   * All values of a header, matching its name case-insensitively. Only methods whose signatures are
   * the same in Spring Framework 6.2 and 7 are used ({@code HttpHeaders} stopped being a {@code Map}
   * in 7, so {@code get}/{@code remove} changed their parameter types): one jar runs on both.
   */
  private static List<String> values(HttpHeaders headers, String name) {
    List<String> found = null;
    for (Map.Entry<String, List<String>> header : headers.headerSet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        if (found == null) {
          found = new ArrayList<>(header.getValue());
        } else {
          found.addAll(header.getValue());
        }
      }
    }
    return found == null ? List.of() : found;
  }
}
