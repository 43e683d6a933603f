package io.sessions4j.core.http;

import java.util.List;

/**
 * The exchange SPI: the only thing an adapter implements to give a framework sessions. It exposes
 * the few parts of one request/response that the {@link io.sessions4j.core.SessionManager} needs;
 * every decision (which cookie to send, when to write the store) is the manager's.
 *
 * <p>The adapter calls {@code SessionManager.load} when a request arrives and {@code
 * SessionManager.commit} before the response is committed (its headers are sent). An adapter whose
 * framework cannot say by itself when the session's headers stop reaching the client extends
 * {@link AbstractExchange}; one that changes a single aspect of another exchange extends {@link
 * ForwardingExchange}.
 */
public interface HttpExchange {

  /** All values of a request header, in order; empty when absent. Names are case-insensitive. */
  List<String> requestHeaders(String name);

  /** The first value of a request header, or {@code null}. */
  default String requestHeader(String name) {
    List<String> values = requestHeaders(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** True when the connection to this server is TLS (ignoring any proxy headers). */
  boolean isSecure();

  /** The address of the direct peer (the proxy, if any), for trust-proxy decisions; may be null. */
  String remoteAddress();

  /** All values of a response header already set, in order; empty when absent. */
  List<String> responseHeaders(String name);

  /** Replaces all values of a response header (an empty list removes it). */
  void setResponseHeaders(String name, List<String> values);

  /** Appends a response header value. */
  void addResponseHeader(String name, String value);

  /** True once the response headers have been sent; a commit after that cannot set a cookie. */
  boolean isResponseCommitted();
}
