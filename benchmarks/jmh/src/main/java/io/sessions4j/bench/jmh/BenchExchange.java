package io.sessions4j.bench.jmh;

import io.sessions4j.core.http.HttpExchange;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal in-memory {@link HttpExchange}: at most one request {@code Cookie} header, response
 * headers in a small list. What an adapter costs beyond this is the framework's, not the engine's.
 */
public final class BenchExchange implements HttpExchange {
  private final List<String> cookie;
  private final List<String[]> response = new ArrayList<>(2);

  /** A request carrying {@code cookieHeader} (may be null: no cookie). */
  public BenchExchange(String cookieHeader) {
    this.cookie = cookieHeader == null ? List.of() : List.of(cookieHeader);
  }

  @Override
  public List<String> requestHeaders(String name) {
    return name.equalsIgnoreCase("Cookie") ? cookie : List.of();
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public List<String> responseHeaders(String name) {
    List<String> values = new ArrayList<>(1);
    for (String[] h : response) {
      if (h[0].equalsIgnoreCase(name)) {
        values.add(h[1]);
      }
    }
    return values;
  }

  @Override
  public void setResponseHeaders(String name, List<String> values) {
    response.removeIf(h -> h[0].equalsIgnoreCase(name));
    for (String v : values) {
      response.add(new String[] {name, v});
    }
  }

  @Override
  public void addResponseHeader(String name, String value) {
    response.add(new String[] {name, value});
  }

  @Override
  public boolean isResponseCommitted() {
    return false;
  }

  /** The {@code name=value} of the first Set-Cookie for {@code cookieName}, or null. */
  public String setCookie(String cookieName) {
    for (String h : responseHeaders("Set-Cookie")) {
      if (h.startsWith(cookieName + "=")) {
        int semi = h.indexOf(';');
        return semi < 0 ? h : h.substring(0, semi);
      }
    }
    return null;
  }
}
