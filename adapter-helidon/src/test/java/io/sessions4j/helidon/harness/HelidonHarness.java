package io.sessions4j.helidon.harness;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.helidon.SessionFeature;
import io.sessions4j.helidon.Sessions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The conformance harness on Helidon 4 SE: one {@link SessionFeature} per profile, each limited to
 * {@code /p/{profile}/…} (control routes excluded: they never use a session), and one route,
 * {@code /p/{profile}/{route}}, that hands the request's session to {@link ConformanceHarness} and
 * writes the {@link RouteResult} the Helidon way.
 */
public final class HelidonHarness implements AutoCloseable {
  private final ConformanceHarness harness;
  private final WebServer server;

  private HelidonHarness(ConformanceHarness harness, WebServer server) {
    this.harness = harness;
    this.server = server;
  }

  /** Starts the harness on 127.0.0.1:{@code port} (0: an ephemeral port), store profiles from the process environment. */
  public static HelidonHarness start(int port) {
    return start(port, System.getenv());
  }

  /**
   * Starts the harness on 127.0.0.1:{@code port} (0: an ephemeral port), the store profiles
   * configured from {@code env} ({@code SESSIONS4J_JDBC_URL}, {@code SESSIONS4J_REDIS_URI}).
   */
  public static HelidonHarness start(int port, Map<String, String> env) {
    ConformanceHarness harness = ConformanceHarness.create(env);
    HttpRouting.Builder routing = HttpRouting.builder();
    for (String profile : harness.profiles()) {
      SessionManager manager = harness.manager(profile);
      if (manager == null) {
        continue; // unsupported here: every route of it answers 501 from the harness
      }
      String prefix = ProtocolRoute.PREFIX + profile + "/";
      routing.addFeature(SessionFeature.builder()
          .manager(manager)
          .appliesTo(req -> {
            String path = req.path().path();
            return path.startsWith(prefix)
                && !ConformanceHarness.isControlRoute(path.substring(prefix.length()));
          })
          .build());
    }
    routing.get("/p/{profile}/{route}", (req, res) -> serve(harness, req, res));
    WebServer server = WebServer.builder()
        .host(HarnessMain.HOST)
        .port(port)
        .routing(routing)
        .build()
        .start();
    return new HelidonHarness(harness, server);
  }

  private static void serve(ConformanceHarness harness, ServerRequest req, ServerResponse res) throws IOException {
    ProtocolRoute route = ProtocolRoute.parse(req.path().path());
    if (route == null) {
      res.status(Status.NOT_FOUND_404).send();
      return;
    }
    Map<String, List<String>> query = ProtocolRoute.parseQuery(req.query().rawValue());
    Session session = Sessions.find(req).orElse(null);
    RouteResult result = harness.handle(route.profile(), route.route(), query, session);
    for (String cookie : result.setCookies()) {
      res.headers().add(HeaderValues.create(HeaderNames.SET_COOKIE, cookie));
    }
    switch (result) {
      case RouteResult.Json json -> res.status(json.status())
          .header(HeaderValues.CONTENT_TYPE_JSON)
          .send(json.body().getBytes(StandardCharsets.UTF_8));
      case RouteResult.Throw failure -> throw failure.exception();
      case RouteResult.Stream stream -> {
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        try (OutputStream out = res.outputStream()) {
          for (String chunk : stream.chunks()) {
            out.write(chunk.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        }
      }
      case RouteResult.Redirect redirect -> res.status(Status.FOUND_302)
          .header(HeaderNames.LOCATION, redirect.location())
          .send();
    }
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://" + HarnessMain.HOST + ":" + port());
  }

  @Override
  public void close() {
    server.stop();
    harness.close();
  }

  /** {@code scripts/harness helidon PORT}: runs until killed. */
  public static void main(String[] args) {
    HelidonHarness harness = start(HarnessMain.port(args));
    Runtime.getRuntime().addShutdownHook(new Thread(harness::close, "harness-shutdown"));
    HarnessMain.ready(harness.port());
  }
}
