package io.sessions4j.vertx;

import io.sessions4j.core.http.AbstractExchange;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The exchange SPI over one Vert.x request and its response. Response headers are written through
 * {@link HttpServerResponse#headers()}, which Vert.x still accepts while its headers-end handlers
 * run, so the session commit can add its Set-Cookie there.
 *
 * <p>While the session commits at the headers-end point the headers are {@linkplain
 * #holdHeadersOpen() held open}, even when Vert.x already considers the head written: the adapter
 * holds the head back on the wire (see {@link ResponseGate}) until the commit is done, so the
 * headers set here are still sent. Once the commit is done they are {@linkplain #closeHeaders()
 * closed}.
 */
final class VertxExchange extends AbstractExchange {
  private final HttpServerRequest request;
  private final HttpServerResponse response;

  VertxExchange(HttpServerRequest request, HttpServerResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return request.headers().getAll(name);
  }

  @Override
  public boolean isSecure() {
    // the connection's own TLS; X-Forwarded-Proto is the engine's business (trust-proxy)
    return request.connection() != null ? request.connection().isSsl() : request.isSSL();
  }

  @Override
  public String remoteAddress() {
    SocketAddress peer = request.connection() != null ? request.connection().remoteAddress() : null;
    return peer == null ? null : peer.hostAddress();
  }

  @Override
  public List<String> responseHeaders(String name) {
    return response.headers().getAll(name);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      response.headers().remove(name);
    } else {
      response.headers().set(name, values);
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.headers().add(name, value);
  }

  @Override
  protected boolean responseHeadWritten() {
    return response.headWritten() || response.ended() || response.closed();
  }
}
