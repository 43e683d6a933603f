package io.sessions4j.helidon;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;

/** A Helidon server on an ephemeral loopback port (no Helidon test artifact here), and a plain client. */
final class TestServer implements AutoCloseable {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  private final WebServer server;

  private TestServer(WebServer server) {
    this.server = server;
  }

  static TestServer start(SessionFeature sessions, Consumer<HttpRouting.Builder> routes) {
    HttpRouting.Builder routing = HttpRouting.builder().addFeature(sessions);
    routes.accept(routing);
    return new TestServer(WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path, String... cookies) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (cookies.length > 0) {
      request.header("Cookie", String.join("; ", cookies));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code name=value} pair of the Set-Cookie for {@code name}, or null. */
  static String cookie(HttpResponse<?> response, String name) {
    List<String> headers = response.headers().allValues("Set-Cookie");
    for (String header : headers) {
      if (header.startsWith(name + "=")) {
        return header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop();
  }
}
