package io.sessions4j.examples.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.SessionManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The conformance harness for the JDK-server adapter: one context per profile, each behind a
 * {@link JdkSessionFilter} for that profile's manager, all routes answered by the kit's {@link
 * ConformanceHarness}. {@code main(PORT)} serves until killed ({@code scripts/harness jdk PORT}).
 */
public final class JdkHarness implements AutoCloseable {
  private final ConformanceHarness kit;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final HttpServer server;

  /** Store profiles configured from the process environment ({@code scripts/harness jdk}). */
  JdkHarness(int port) throws IOException {
    this(port, System.getenv());
  }

  /** Store profiles configured from {@code env} ({@code SESSIONS4J_JDBC_URL}, {@code SESSIONS4J_REDIS_URI}). */
  JdkHarness(int port, Map<String, String> env) throws IOException {
    kit = ConformanceHarness.create(env);
    server = HttpServer.create(new InetSocketAddress(HarnessMain.HOST, port), 0);
    for (String profile : kit.profiles()) {
      SessionManager manager = kit.manager(profile);
      var context = server.createContext("/p/" + profile + "/", this::serve);
      if (manager != null) {
        context.getFilters().add(new JdkSessionFilter(manager));
      }
    }
    server.createContext("/", this::serve);
    server.setExecutor(pool);
    server.start();
  }

  URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + server.getAddress().getPort());
  }

  private void serve(HttpExchange http) throws IOException {
    ProtocolRoute target = ProtocolRoute.parse(http.getRequestURI().getPath());
    RouteResult result;
    if (target == null) {
      result = new RouteResult.Json(404, "{\"error\":\"not a /p/{profile}/{route} path\"}", List.of());
    } else {
      try {
        result = kit.handle(target.profile(), target.route(),
            ProtocolRoute.parseQuery(http.getRequestURI().getRawQuery()), JdkSessionFilter.session(http));
      } catch (RuntimeException e) {
        result = new RouteResult.Throw(e);
      }
    }
    result.setCookies().forEach(c -> http.getResponseHeaders().add("Set-Cookie", c));
    try (http) {
      render(http, result);
    }
  }

  /** Writes a route result; a Throw becomes this server's own 500 (the JDK server has no error page). */
  private static void render(HttpExchange http, RouteResult result) throws IOException {
    if (result instanceof RouteResult.Json json) {
      send(http, json.status(), "application/json; charset=utf-8", json.body());
    } else if (result instanceof RouteResult.Throw failure) {
      send(http, 500, "text/plain; charset=utf-8", "error: " + failure.exception().getMessage());
    } else if (result instanceof RouteResult.Redirect redirect) {
      http.getResponseHeaders().set("Location", redirect.location());
      http.sendResponseHeaders(302, -1);
    } else if (result instanceof RouteResult.Stream stream) {
      http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      http.sendResponseHeaders(200, 0);
      OutputStream out = http.getResponseBody();
      for (String chunk : stream.chunks()) {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private static void send(HttpExchange http, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", type);
    http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    http.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    kit.close();
  }

  public static void main(String[] args) throws IOException {
    JdkHarness harness = new JdkHarness(HarnessMain.port(args));
    HarnessMain.ready(harness.server.getAddress().getPort());
  }
}
