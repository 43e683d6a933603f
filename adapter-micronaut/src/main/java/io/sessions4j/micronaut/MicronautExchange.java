package io.sessions4j.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.sessions4j.core.http.AbstractExchange;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exchange SPI over one Micronaut request and, once the route has produced it, its response.
 *
 * <p>Micronaut creates the response object only after the route ran, but a handler may write the
 * session earlier ({@code Session.save()}), and the engine then sets its cookie at once. Until the
 * response is {@linkplain #attach attached}, such header writes are kept here and added to the
 * response when it arrives, beside the headers the application set, before the final commit.
 *
 * <p>When the response leaves the filter the adapter {@linkplain #closeHeaders() closes the
 * headers}: Micronaut writes them next, so later session writes (from a streaming body, say) can no
 * longer set a cookie.
 */
final class MicronautExchange extends AbstractExchange {
  private final HttpRequest<?> request;
  /** Header values the engine wrote before the response existed, by lower-cased name. */
  private final Map<String, Early> early = new LinkedHashMap<>(2);
  private MutableHttpResponse<?> response;

  MicronautExchange(HttpRequest<?> request) {
    this.request = request;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return request.getHeaders().getAll(name);
  }

  /** The transport itself: Micronaut's {@code isSecure()} reports TLS on this connection only. */
  @Override
  public boolean isSecure() {
    return request.isSecure();
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
  public synchronized List<String> responseHeaders(String name) {
    if (response != null) {
      return new ArrayList<>(response.getHeaders().getAll(name));
    }
    Early values = early.get(key(name));
    return values == null ? List.of() : new ArrayList<>(values.values);
  }

  @Override
  public synchronized void setResponseHeaders(String name, List<String> values) {
    if (response == null) {
      early.put(key(name), new Early(name, new ArrayList<>(values)));
      return;
    }
    response.getHeaders().remove(name);
    for (String value : values) {
      response.getHeaders().add(name, value);
    }
  }

  @Override
  public synchronized void addResponseHeader(String name, String value) {
    if (response == null) {
      early.computeIfAbsent(key(name), k -> new Early(name, new ArrayList<>(1))).values.add(value);
      return;
    }
    response.getHeaders().add(name, value);
  }

  /** The route's response: headers the engine wrote before it existed are added to it. */
  synchronized void attach(MutableHttpResponse<?> response) {
    this.response = response;
    for (Early headers : early.values()) {
      for (String value : headers.values) {
        response.getHeaders().add(headers.name, value);
      }
    }
    early.clear();
  }

  /** Whether the route's response has been attached. */
  synchronized boolean hasResponse() {
    return response != null;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private record Early(String name, List<String> values) {}
}
