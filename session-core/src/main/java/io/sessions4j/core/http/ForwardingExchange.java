package io.sessions4j.core.http;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link HttpExchange} that forwards every call to another one: the base for an exchange that
 * changes one aspect of a request (override that method), such as {@link #hidingRequestHeaders}.
 */
public class ForwardingExchange implements HttpExchange {
  private final HttpExchange delegate;

  /** An exchange forwarding to {@code delegate}. */
  public ForwardingExchange(HttpExchange delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * {@code exchange} with the request headers {@code names} (case-insensitive) reading as absent;
   * everything else, responses included, goes to {@code exchange}.
   */
  public static HttpExchange hidingRequestHeaders(HttpExchange exchange, Collection<String> names) {
    Set<String> hidden = new HashSet<>();
    for (String name : names) {
      hidden.add(name.toLowerCase(Locale.ROOT));
    }
    return new ForwardingExchange(exchange) {
      @Override
      public List<String> requestHeaders(String name) {
        return hidden.contains(name.toLowerCase(Locale.ROOT)) ? List.of() : super.requestHeaders(name);
      }
    };
  }

  /** The exchange calls are forwarded to. */
  protected HttpExchange delegate() {
    return delegate;
  }

  @Override
  public List<String> requestHeaders(String name) {
    return delegate.requestHeaders(name);
  }

  @Override
  public boolean isSecure() {
    return delegate.isSecure();
  }

  @Override
  public String remoteAddress() {
    return delegate.remoteAddress();
  }

  @Override
  public List<String> responseHeaders(String name) {
    return delegate.responseHeaders(name);
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    delegate.setResponseHeaders(name, values);
  }

  @Override
  public void addResponseHeader(String name, String value) {
    delegate.addResponseHeader(name, value);
  }

  @Override
  public boolean isResponseCommitted() {
    return delegate.isResponseCommitted();
  }
}
