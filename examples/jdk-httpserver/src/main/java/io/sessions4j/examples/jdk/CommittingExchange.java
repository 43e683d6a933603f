package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The exchange handlers see: everything delegates to the server's exchange, except that {@code
 * sendResponseHeaders} — the moment the response is committed — first commits the session.
 */
final class CommittingExchange extends HttpExchange {
  /** The commit to run once; answers false when it wrote an error response itself. */
  interface Commit {
    boolean run() throws IOException;
  }

  private final HttpExchange delegate;
  private final Commit commit;
  private boolean done;
  private boolean errorAnswered;

  CommittingExchange(HttpExchange delegate, Commit commit) {
    this.delegate = delegate;
    this.commit = commit;
  }

  /** Commits unless already done; true when the handler's own response may go out. */
  boolean commitOnce() throws IOException {
    if (!done) {
      done = true;
      errorAnswered = !commit.run();
    }
    return !errorAnswered;
  }

  @Override
  public void sendResponseHeaders(int status, long length) throws IOException {
    if (commitOnce()) {
      delegate.sendResponseHeaders(status, length);
    }
  }

  @Override
  public Headers getRequestHeaders() { return delegate.getRequestHeaders(); }
  @Override
  public Headers getResponseHeaders() { return delegate.getResponseHeaders(); }
  @Override
  public URI getRequestURI() { return delegate.getRequestURI(); }
  @Override
  public String getRequestMethod() { return delegate.getRequestMethod(); }
  @Override
  public HttpContext getHttpContext() { return delegate.getHttpContext(); }
  @Override
  public void close() { delegate.close(); }
  @Override
  public InputStream getRequestBody() { return delegate.getRequestBody(); }
  @Override
  public OutputStream getResponseBody() {
    // after an error answer the handler's writes go nowhere rather than corrupting the response
    return errorAnswered ? OutputStream.nullOutputStream() : delegate.getResponseBody();
  }
  @Override
  public InetSocketAddress getRemoteAddress() { return delegate.getRemoteAddress(); }
  @Override
  public int getResponseCode() { return delegate.getResponseCode(); }
  @Override
  public InetSocketAddress getLocalAddress() { return delegate.getLocalAddress(); }
  @Override
  public String getProtocol() { return delegate.getProtocol(); }
  @Override
  public Object getAttribute(String name) { return delegate.getAttribute(name); }
  @Override
  public void setAttribute(String name, Object value) { delegate.setAttribute(name, value); }
  @Override
  public void setStreams(InputStream in, OutputStream out) { delegate.setStreams(in, out); }
  @Override
  public HttpPrincipal getPrincipal() { return delegate.getPrincipal(); }
}
