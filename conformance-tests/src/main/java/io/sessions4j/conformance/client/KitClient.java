package io.sessions4j.conformance.client;

import io.sessions4j.conformance.logs.SeenSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The kit's HTTP client: plain GETs over HTTP/1.1 with {@link HttpClient}, no cookie jar and no
 * redirect following, so every check decides which {@code Cookie} header to send and reads the raw
 * {@code Set-Cookie} headers itself.
 */
public final class KitClient {

  /** Longest a request may take; above the harness's 10 s {@code reload?await} limit. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final String base;
  private final HttpClient http;

  /** A client for the harness at {@code base} (e.g. {@code http://127.0.0.1:8080}). */
  public KitClient(URI base) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The harness's base URL. */
  public String base() {
    return base;
  }

  /**
   * GETs {@code path} (absolute path with query, e.g. {@code /p/store/view}) with these headers.
   *
   * @throws UncheckedIOException when the harness cannot be reached or does not answer in time
   */
  public Reply get(String path, Map<String, String> headers) {
    try {
      return getAsync(path, headers).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException("GET " + path + " failed: " + io, io);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** {@link #get}, without waiting. */
  public CompletableFuture<Reply> getAsync(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().timeout(REQUEST_TIMEOUT);
    headers.forEach(request::header);
    Map<String, String> sent = Map.copyOf(headers);
    headers.forEach((name, value) -> {
      if (name.equalsIgnoreCase("Cookie")) {
        recordSentCookies(value);
      }
    });
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> seen(new Reply(path, sent, response.statusCode(), lowerCased(response.headers().map()),
            response.body())));
  }

  /**
   * Records the values of a Cookie header the kit sends: cookies it forged with the test keys are
   * as secret as the ones the server issued, and no value a client sent belongs in a log in full.
   */
  private static void recordSentCookies(String header) {
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        SeenSecrets.record(pair.substring(eq + 1).trim());
      }
    }
  }

  /**
   * Records the session cookie values and the session id of an answer in {@link SeenSecrets}, so
   * that a log scan can prove none of them was logged in full.
   */
  public static Reply seen(Reply reply) {
    for (String setCookie : reply.headers("set-cookie")) {
      int eq = setCookie.indexOf('=');
      int end = setCookie.indexOf(';');
      if (eq > 0) {
        SeenSecrets.record(setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end).trim());
      }
    }
    SeenSecrets.recordBody(reply.body());
    return reply;
  }

  private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>()).addAll(v));
    lower.replaceAll((k, v) -> List.copyOf(v));
    return lower;
  }
}
