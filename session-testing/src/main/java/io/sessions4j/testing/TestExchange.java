package io.sessions4j.testing;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request and its response in memory, for driving a {@link io.sessions4j.core.SessionManager}
 * (or anything else written against {@link HttpExchange}) without a server: request headers,
 * cookies, TLS and the peer address go in; response headers and the Set-Cookie values the engine
 * wrote come out.
 *
 * <pre>{@code
 * TestExchange first = TestExchange.request().build();
 * Session s = manager.load(first).toCompletableFuture().join();
 * s.put("user", "ada");
 * manager.commit(first, s).toCompletableFuture().join();
 *
 * TestExchange next = TestExchange.request().cookieHeader(first.sessionCookie("sid")).build();
 * }</pre>
 *
 * <p>Header names are case-insensitive, as in HTTP. Every method is synchronized, so an exchange
 * may be handed to another thread (an asynchronous store's completion), though it is still one
 * request.
 */
public final class TestExchange implements HttpExchange {
  private final Map<String, List<String>> requestHeaders;
  private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
  private final boolean secure;
  private final String remoteAddress;
  private boolean committed;

  private TestExchange(Builder builder) {
    this.requestHeaders = new LinkedHashMap<>();
    builder.headers.forEach((name, values) -> requestHeaders.put(name, new ArrayList<>(values)));
    if (!builder.cookies.isEmpty()) {
      requestHeaders.computeIfAbsent(key("Cookie"), k -> new ArrayList<>()).add(String.join("; ", builder.cookies));
    }
    this.secure = builder.secure;
    this.remoteAddress = builder.remoteAddress;
    this.committed = builder.committed;
  }

  /** A plain request: no headers, not TLS, from 127.0.0.1, response not committed. */
  public TestExchange() {
    this(new Builder());
  }

  /** Starts describing a request. */
  public static Builder request() {
    return new Builder();
  }

  /** A request whose {@code Cookie} header is {@code cookieHeader}, or that has none when it is null. */
  public static TestExchange withCookieHeader(String cookieHeader) {
    return request().cookieHeader(cookieHeader).build();
  }

  /** A request carrying {@code name: value}, or no such header when {@code value} is null. */
  public static TestExchange withHeader(String name, String value) {
    return request().header(name, value).build();
  }

  @Override
  public synchronized List<String> requestHeaders(String name) {
    return List.copyOf(requestHeaders.getOrDefault(key(name), List.of()));
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public synchronized List<String> responseHeaders(String name) {
    return List.copyOf(responseHeaders.getOrDefault(key(name), List.of()));
  }

  @Override
  public synchronized void setResponseHeaders(String name, List<String> values) {
    if (values.isEmpty()) {
      responseHeaders.remove(key(name));
    } else {
      responseHeaders.put(key(name), new ArrayList<>(values));
    }
  }

  @Override
  public synchronized void addResponseHeader(String name, String value) {
    responseHeaders.computeIfAbsent(key(name), k -> new ArrayList<>()).add(value);
  }

  @Override
  public synchronized boolean isResponseCommitted() {
    return committed;
  }

  /** Marks the response's headers as sent, as a server does when the body starts. */
  public synchronized void commitResponse() {
    committed = true;
  }

  /** Every {@code Set-Cookie} value of the response, in order. */
  public List<String> setCookies() {
    return responseHeaders("Set-Cookie");
  }

  /** The whole {@code Set-Cookie} value (with its attributes) for cookie {@code name}, or null. */
  public synchronized String setCookie(String name) {
    for (String value : setCookies()) {
      if (value.startsWith(name + "=")) {
        return value;
      }
    }
    return null;
  }

  /**
   * The {@code name=value} part of the Set-Cookie for cookie {@code name}, ready to be the next
   * request's {@code Cookie} header; null when the response sets no such cookie.
   */
  public String sessionCookie(String name) {
    String value = setCookie(name);
    if (value == null) {
      return null;
    }
    int semicolon = value.indexOf(';');
    return semicolon < 0 ? value : value.substring(0, semicolon);
  }

  /** The last value of response header {@code name}, or null when the response has none. */
  public String lastResponseHeader(String name) {
    List<String> values = responseHeaders(name);
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Describes the request of a {@link TestExchange}; unset parts keep the plain request's values. */
  public static final class Builder {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private boolean secure;
    private String remoteAddress = "127.0.0.1";
    private boolean committed;

    private Builder() {}

    /** Adds a value of request header {@code name}; a null value adds nothing. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (value != null) {
        headers.computeIfAbsent(key(name), k -> new ArrayList<>()).add(value);
      }
      return this;
    }

    /** Adds a whole {@code Cookie} header as a client sends it ({@code a=1; b=2}); null adds nothing. */
    public Builder cookieHeader(String cookieHeader) {
      return header("Cookie", cookieHeader);
    }

    /** Adds one cookie; all cookies added this way travel in one {@code Cookie} header, in order. */
    public Builder cookie(String name, String value) {
      cookies.add(Objects.requireNonNull(name, "name") + "=" + Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Whether the connection to the server is TLS (proxy headers aside). */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /** The direct peer's address (the proxy, if any); may be null. */
    public Builder remoteAddress(String remoteAddress) {
      this.remoteAddress = remoteAddress;
      return this;
    }

    /** Whether the response's headers are already sent when the exchange is handed over. */
    public Builder responseCommitted(boolean committed) {
      this.committed = committed;
      return this;
    }

    /** The exchange; the builder may go on describing other requests. */
    public TestExchange build() {
      return new TestExchange(this);
    }
  }
}
