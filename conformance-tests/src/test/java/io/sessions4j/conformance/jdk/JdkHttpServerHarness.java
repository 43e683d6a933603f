package io.sessions4j.conformance.jdk;

import com.sun.net.httpserver.HttpServer;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The smallest harness: the core on the JDK's built-in HTTP server, routing through {@link
 * ConformanceHarness}. It commits the session before {@code sendResponseHeaders}, as every adapter
 * must commit before its response is committed. Used to test the kit before any adapter exists.
 */
public final class JdkHttpServerHarness implements AutoCloseable {

  private final ConformanceHarness harness = ConformanceHarness.create();
  private final UnaryOperator<List<String>> setCookieRewrite;
  private final java.util.function.Predicate<String> failOnCookie;
  private final boolean eager;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jdk-harness");
    t.setDaemon(true);
    return t;
  });
  private final HttpServer server;

  private JdkHttpServerHarness(int port, UnaryOperator<List<String>> setCookieRewrite,
      java.util.function.Predicate<String> failOnCookie, boolean eager) throws IOException {
    this.setCookieRewrite = setCookieRewrite;
    this.failOnCookie = failOnCookie;
    this.eager = eager;
    this.server = HttpServer.create(new InetSocketAddress(HarnessMain.HOST, port), 0);
    server.createContext("/", this::serve);
    server.setExecutor(pool);
    server.start();
  }

  /** Starts on {@code port} (0: any free port). */
  public static JdkHttpServerHarness start(int port) throws IOException {
    return new JdkHttpServerHarness(port, UnaryOperator.identity(), cookie -> false, false);
  }

  /** Starts a harness that loads every session before the route runs, as before lazy loading (kit self-tests). */
  public static JdkHttpServerHarness startLoadingEagerly() throws IOException {
    return new JdkHttpServerHarness(0, UnaryOperator.identity(), cookie -> false, true);
  }

  /** Starts a deliberately broken harness whose Set-Cookie headers pass through {@code rewrite} (kit self-tests). */
  public static JdkHttpServerHarness startRewritingSetCookie(UnaryOperator<List<String>> rewrite) throws IOException {
    return new JdkHttpServerHarness(0, rewrite, cookie -> false, false);
  }

  /** Starts a deliberately fragile harness that answers 500 to a Cookie header {@code fails} accepts (kit self-tests). */
  public static JdkHttpServerHarness startFailingOnCookie(java.util.function.Predicate<String> fails) throws IOException {
    return new JdkHttpServerHarness(0, UnaryOperator.identity(), fails, false);
  }

  public URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + server.getAddress().getPort());
  }

  private void serve(com.sun.net.httpserver.HttpExchange http) throws IOException {
    try (http) {
      ProtocolRoute target = ProtocolRoute.parse(http.getRequestURI().getPath());
      if (target == null) {
        write(http, new RouteResult.Json(404, "{\"error\":\"not a /p/{profile}/{route} path\"}", List.of()));
        return;
      }
      Map<String, List<String>> query = ProtocolRoute.parseQuery(http.getRequestURI().getRawQuery());
      SessionManager manager = harness.manager(target.profile());
      if (manager == null || ConformanceHarness.isControlRoute(target.route())) {
        write(http, harness.handle(target.profile(), target.route(), query, null));
        return;
      }
      String cookie = http.getRequestHeaders().getFirst("Cookie");
      if (cookie != null && failOnCookie.test(cookie)) {
        write(http, new RouteResult.Throw(new IllegalStateException("fragile harness: cannot parse this Cookie header")));
        return;
      }
      JdkExchange exchange = new JdkExchange(http);
      // lazy: the store is read when the route first uses the session (a thread per request may wait)
      Session session = manager.open(exchange);
      if (eager) {
        try {
          session.loaded().toCompletableFuture().join();
        } catch (CompletionException e) {
          write(http, new RouteResult.Throw(unwrap(e)));
          return;
        }
      }
      RouteResult result;
      try {
        result = harness.handle(target.profile(), target.route(), query, session);
      } catch (RuntimeException e) {
        result = new RouteResult.Throw(e);
      }
      result.setCookies().forEach(c -> exchange.addResponseHeader("Set-Cookie", c));
      try {
        manager.commit(exchange, session).toCompletableFuture().join();
      } catch (CompletionException e) {
        result = new RouteResult.Throw(unwrap(e));
      }
      write(http, result);
    }
  }

  private void write(com.sun.net.httpserver.HttpExchange http, RouteResult result) throws IOException {
    List<String> cookies = setCookieRewrite.apply(
        List.copyOf(http.getResponseHeaders().getOrDefault("Set-Cookie", List.of())));
    http.getResponseHeaders().remove("Set-Cookie");
    if (!cookies.isEmpty()) {
      http.getResponseHeaders().put("Set-Cookie", new ArrayList<>(cookies));
    }
    if (result instanceof RouteResult.Json json) {
      send(http, json.status(), "application/json; charset=utf-8", json.body());
    } else if (result instanceof RouteResult.Throw failure) {
      int status = failure.exception() instanceof SessionUnavailableException ? 503 : 500;
      send(http, status, "text/plain; charset=utf-8", "error: " + failure.exception().getMessage());
    } else if (result instanceof RouteResult.Stream stream) {
      http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      http.sendResponseHeaders(200, 0);
      OutputStream out = http.getResponseBody();
      for (String chunk : stream.chunks()) {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } else if (result instanceof RouteResult.Redirect redirect) {
      http.getResponseHeaders().set("Location", redirect.location());
      http.sendResponseHeaders(302, -1);
    }
  }

  private static void send(com.sun.net.httpserver.HttpExchange http, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", type);
    http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    http.getResponseBody().write(bytes);
  }

  private static RuntimeException unwrap(CompletionException e) {
    return e.getCause() instanceof RuntimeException r ? r : e;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    harness.close();
  }

  /** {@code JdkHttpServerHarness [PORT]}: serves the protocol until killed. */
  public static void main(String[] args) throws IOException {
    JdkHttpServerHarness harness = start(HarnessMain.port(args));
    HarnessMain.ready(harness.server.getAddress().getPort());
  }
}
