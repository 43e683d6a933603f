package io.sessions4j.helidon;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.sessions4j.core.http.AbstractExchange;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The exchange SPI over one Helidon request and response. Response headers are written straight
 * to {@link ServerResponse#headers()}, which is still writable while the response's before-send
 * listeners run (that is where the session commits, including just before a streamed body starts).
 * The commit then closes the headers: the status line and headers follow it immediately.
 */
final class HelidonExchange extends AbstractExchange {
  private final ServerRequest request;
  private final ServerResponse response;

  HelidonExchange(ServerRequest request, ServerResponse response) {
    this.request = request;
    this.response = response;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return request.headers().all(HeaderNames.create(name), List::of);
  }

  @Override
  public boolean isSecure() {
    return request.isSecure();
  }

  @Override
  public String remoteAddress() {
    SocketAddress address = request.remotePeer().address();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return request.remotePeer().host();
  }

  @Override
  public List<String> responseHeaders(String name) {
    return response.headers().all(HeaderNames.create(name), List::of);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    HeaderName header = HeaderNames.create(name);
    if (values.isEmpty()) {
      response.headers().remove(header);
    } else {
      response.headers().set(HeaderValues.create(header, values));
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.headers().add(HeaderValues.create(HeaderNames.create(name), value));
  }

  /** Until the before-send commit {@linkplain #closeHeaders() closes the headers}: whether the response is sent. */
  @Override
  protected boolean responseHeadWritten() {
    return response.isSent();
  }
}
