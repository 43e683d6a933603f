package io.sessions4j.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts an embedded Micronaut server on 127.0.0.1 and sends plain HTTP requests to it. */
final class TestClient implements AutoCloseable {
  final ApplicationContext context;
  final EmbeddedServer server;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private TestClient(ApplicationContext context) {
    this.context = context;
    this.server = context.getBean(EmbeddedServer.class);
  }

  /** A server for the test named {@code spec} (its beans are enabled by {@code spec.name}). */
  static TestClient start(String spec, Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    all.put("spec.name", spec);
    all.put("micronaut.server.host", "127.0.0.1");
    all.put("micronaut.server.port", -1);
    return new TestClient(ApplicationContext.run(EmbeddedServer.class, all).getApplicationContext());
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code name=value} of the response's Set-Cookie for {@code name}, or null. */
  static String cookie(HttpResponse<?> response, String name) {
    List<String> headers = setCookies(response, name);
    if (headers.isEmpty()) {
      return null;
    }
    String header = headers.get(headers.size() - 1);
    int semicolon = header.indexOf(';');
    return semicolon < 0 ? header : header.substring(0, semicolon);
  }

  /** All Set-Cookie headers of {@code response} for cookie {@code name}. */
  static List<String> setCookies(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).toList();
  }

  @Override
  public void close() {
    context.close();
  }
}
