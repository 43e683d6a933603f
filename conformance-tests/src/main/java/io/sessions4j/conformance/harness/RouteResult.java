package io.sessions4j.conformance.harness;

import java.util.List;
import java.util.Objects;

/**
 * What a harness writes for one protocol request, as decided by {@link ConformanceHarness#handle}.
 * The adapter's whole job per request: add {@link #setCookies()} to the response, let the session
 * commit (its middleware does, before the response is committed), then write the case:
 *
 * <ul>
 *   <li>{@link Json}: the status and {@code application/json} body (UTF-8);
 *   <li>{@link Throw}: throw the exception the way handlers of that framework fail, so the server
 *       gives its own error answer (not 200);
 *   <li>{@link Stream}: 200 {@code application/json}, then write and flush each chunk in turn;
 *   <li>{@link Redirect}: 302 with {@code Location}.
 * </ul>
 */
public sealed interface RouteResult {

  /**
   * Set-Cookie header values the application itself adds, before the session commits (the {@code
   * set-cookie} route uses them to check that the session cookie is written beside them).
   */
  List<String> setCookies();

  /** A JSON answer (the session JSON on success; {@code {"error":…}} otherwise). */
  record Json(int status, String body, List<String> setCookies) implements RouteResult {
    public Json {
      Objects.requireNonNull(body, "body");
      setCookies = List.copyOf(setCookies);
    }

    /** 200 with {@code body}. */
    public Json(String body) {
      this(200, body, List.of());
    }
  }

  /** The handler fails with {@code exception}; the server answers with its own error response. */
  record Throw(RuntimeException exception, List<String> setCookies) implements RouteResult {
    public Throw {
      Objects.requireNonNull(exception, "exception");
      setCookies = List.copyOf(setCookies);
    }

    public Throw(RuntimeException exception) {
      this(exception, List.of());
    }
  }

  /** A 200 JSON body written as these chunks, each flushed before the next (the response commits early). */
  record Stream(List<String> chunks, List<String> setCookies) implements RouteResult {
    public Stream {
      chunks = List.copyOf(chunks);
      setCookies = List.copyOf(setCookies);
    }

    public Stream(List<String> chunks) {
      this(chunks, List.of());
    }

    /** The whole body, for adapters that must know it up front. */
    public String body() {
      return String.join("", chunks);
    }
  }

  /** A 302 to {@code location}, with an empty body. */
  record Redirect(String location, List<String> setCookies) implements RouteResult {
    public Redirect {
      Objects.requireNonNull(location, "location");
      setCookies = List.copyOf(setCookies);
    }

    public Redirect(String location) {
      this(location, List.of());
    }
  }
}
