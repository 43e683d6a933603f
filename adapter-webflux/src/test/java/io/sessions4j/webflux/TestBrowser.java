package io.sessions4j.webflux;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's navigation, in a few lines: it asks for HTML, keeps the cookies the server sets (a cookie
 * set with {@code Max-Age=0} or an empty value is dropped), sends them back, and follows no
 * redirects, so a test sees every answer.
 */
final class TestBrowser {
  /**
   * HTTP/1.1 as a browser on plain HTTP speaks it (the JDK client would otherwise offer an h2c
   * upgrade on every GET), and a timeout: a request that hangs fails the test instead of the build.
   */
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
  private final TestServer server;
  final Map<String, String> cookies = new LinkedHashMap<>();

  TestBrowser(TestServer server) {
    this.server = server;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(server.uri(path)).GET());
  }

  HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(server.uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    request.header("Accept", "text/html"); // as a browser navigating: Spring Security saves such requests
    request.timeout(java.time.Duration.ofSeconds(30));
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('=')).trim();
      String value = pair.substring(pair.indexOf('=') + 1).trim();
      if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }

  static URI location(HttpResponse<?> response) {
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }
}
