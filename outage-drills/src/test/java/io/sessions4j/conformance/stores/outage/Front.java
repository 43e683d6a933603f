package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.testing.TestExchange;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * How a drill's requests reach the engines: in memory ({@link Kind#ENGINE}), or over HTTP through
 * the servlet adapter's {@code SessionFilter} on embedded Jetty ({@link Kind#SERVLET}) or
 * adapter-vertx's {@code SessionRouteFilter} on a plain Vert.x {@code Router} ({@link Kind#VERTX}:
 * an event-loop adapter, without booting Quarkus). Every front runs {@link DrillPage} behind one
 * engine per policy, under {@code /FAIL/} and {@code /CONTINUE/}; the session id travels in the
 * {@link OutageDrill#ID_HEADER} header.
 */
interface Front extends AutoCloseable {

  /** One request: the session {@code id} on the {@code policy} engine, asking to write {@code write}. */
  Answer send(StoreFailurePolicy policy, String id, int write);

  @Override
  void close() throws Exception;

  /** What the client got: the status, the {@code Retry-After} seconds (0 if none), the body. Status -1: no answer in time. */
  record Answer(int status, int retryAfter, String body) {
    static Answer hung(String why) {
      return new Answer(-1, 0, why);
    }

    boolean hung() {
      return status == -1;
    }
  }

  /** The fronts. */
  enum Kind {
    ENGINE, SERVLET, VERTX;

    Front start(Map<StoreFailurePolicy, SessionManager> engines) throws Exception {
      return switch (this) {
        case ENGINE -> new EngineFront(engines);
        case SERVLET -> new JettyFront(engines);
        case VERTX -> new VertxFront(engines);
      };
    }
  }

  /** The engine with an in-memory exchange: load, {@link DrillPage}, commit; failures rendered by {@link FailureResponse#of}. */
  final class EngineFront implements Front {
    private final Map<StoreFailurePolicy, SessionManager> engines;

    EngineFront(Map<StoreFailurePolicy, SessionManager> engines) {
      this.engines = engines;
    }

    @Override
    public Answer send(StoreFailurePolicy policy, String id, int write) {
      SessionManager engine = engines.get(policy);
      TestExchange exchange = TestExchange.withHeader(OutageDrill.ID_HEADER, id);
      long timeout = OutageDrill.CLIENT_TIMEOUT.toMillis();
      try {
        Session session = engine.load(exchange).toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
        String body = DrillPage.handle(session, write);
        engine.commit(exchange, session).toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
        return new Answer(200, 0, body);
      } catch (TimeoutException e) {
        return Answer.hung("no answer within " + OutageDrill.CLIENT_TIMEOUT);
      } catch (ExecutionException | InterruptedException | RuntimeException e) {
        FailureResponse answer = FailureResponse.of(e);
        return answer == null ? new Answer(500, 0, String.valueOf(FailureResponse.unwrap(e)))
            : new Answer(answer.status(), answer.retryAfterSeconds(), answer.body());
      }
    }

    @Override
    public void close() {}
  }

  /** A client for the HTTP fronts: HTTP/1.1 (the Vert.x filter holds the response head only there). */
  abstract class HttpFront implements Front {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI base;

    @Override
    public Answer send(StoreFailurePolicy policy, String id, int write) {
      HttpRequest request = HttpRequest.newBuilder(base.resolve("/" + policy + "/page?write=" + write))
          .timeout(OutageDrill.CLIENT_TIMEOUT).header(OutageDrill.ID_HEADER, id).GET().build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int retryAfter = response.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(0);
        return new Answer(response.statusCode(), retryAfter, response.body());
      } catch (HttpTimeoutException e) {
        return Answer.hung("no answer within " + OutageDrill.CLIENT_TIMEOUT);
      } catch (IOException e) {
        return new Answer(0, 0, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(0, 0, e.toString());
      }
    }

    @Override
    public void close() throws Exception {
      // HttpClient.close() is Java 21; its idle connections end with the server
    }
  }

  /** Jetty 12 (ee10): a {@code SessionFilter} per policy over the drill's servlet; default thread pool. */
  final class JettyFront extends HttpFront {
    private final Server server;

    JettyFront(Map<StoreFailurePolicy, SessionManager> engines) throws Exception {
      server = new Server(new InetSocketAddress("127.0.0.1", 0));
      ServletContextHandler context = new ServletContextHandler("/");
      engines.forEach((policy, engine) -> {
        FilterHolder filter = new FilterHolder(new SessionFilter(engine));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/" + policy + "/*",
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC));
      });
      context.addServlet(new ServletHolder(new PageServlet()), "/*");
      server.setHandler(context);
      server.start();
      base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    public void close() throws Exception {
      try {
        server.stop();
      } finally {
        super.close();
      }
    }

    /** The page; a store failure under FAIL escapes from the session's first use, and the filter answers 503. */
    static final class PageServlet extends HttpServlet {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String body = DrillPage.handle(io.sessions4j.servlet.Sessions.of(req), Integer.parseInt(req.getParameter("write")));
        resp.setContentType("text/plain");
        resp.getWriter().write(body);
      }
    }
  }

  /** Vert.x 4 (Quarkus's): a {@code SessionRouteFilter} per policy on a plain {@code Router}; the page loads the session without blocking. */
  final class VertxFront extends HttpFront {
    private final Vertx vertx = Vertx.vertx();

    VertxFront(Map<StoreFailurePolicy, SessionManager> engines) throws Exception {
      Router router = Router.router(vertx);
      engines.forEach((policy, engine) ->
          router.route("/" + policy + "/*").handler(new io.sessions4j.vertx.SessionRouteFilter(engine)));
      router.route().handler(ctx -> {
        int write = Integer.parseInt(ctx.request().getParam("write"));
        io.sessions4j.vertx.Sessions.load(ctx).onComplete(loaded -> {
          if (loaded.failed()) {
            ctx.response().end(); // the filter answers 503: the session's commit fails with the load
            return;
          }
          String body;
          try {
            body = DrillPage.handle(loaded.result(), write);
          } catch (RuntimeException e) {
            ctx.fail(e);
            return;
          }
          ctx.response().putHeader("Content-Type", "text/plain").end(body);
        });
      });
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
          .requestHandler(router);
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      base = URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @Override
    public void close() throws Exception {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        super.close();
      }
    }
  }
}
