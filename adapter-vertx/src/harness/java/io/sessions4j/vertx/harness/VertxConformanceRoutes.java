package io.sessions4j.vertx.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.vertx.SessionRouteFilter;
import io.sessions4j.vertx.Sessions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The conformance protocol (CONFORMANCE.md) on a Vert.x router: one {@link SessionRouteFilter} per
 * supported profile — the adapter's own filter class, exactly as applications get it — and one
 * route handler that runs {@link ConformanceHarness#handleAsync} on the event loop and writes its
 * {@link RouteResult}. Used by {@link VertxHarness} (a plain Vert.x router, for {@code
 * scripts/harness vertx|quarkus}) and by adapter-quarkus's {@code @QuarkusTest} harness (mounted on
 * Quarkus's router).
 */
public final class VertxConformanceRoutes {
  private final ConformanceHarness harness;
  private final Map<String, SessionRouteFilter> filters = new LinkedHashMap<>();

  /** The routes of {@code harness}'s profiles, with a filter for each supported one. */
  public VertxConformanceRoutes(ConformanceHarness harness) {
    this.harness = harness;
    for (String profile : harness.profiles()) {
      SessionManager manager = harness.manager(profile);
      if (manager != null) {
        filters.put(profile, new SessionRouteFilter(manager));
      }
    }
  }

  /**
   * The session filter of every profile: runs the profile's {@link SessionRouteFilter} for {@code
   * /p/{profile}/{route}}; control routes, unsupported profiles and other paths pass through.
   */
  public Handler<RoutingContext> sessionFilter() {
    return ctx -> {
      ProtocolRoute target = ProtocolRoute.parse(ctx.request().path());
      SessionRouteFilter filter = target == null ? null : filters.get(target.profile());
      if (filter == null || ConformanceHarness.isControlRoute(target.route())) {
        ctx.next();
      } else {
        filter.handle(ctx);
      }
    };
  }

  /** The route handler for {@code /p/*}. */
  public void handle(RoutingContext ctx) {
    ProtocolRoute target = ProtocolRoute.parse(ctx.request().path());
    if (target == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    Map<String, List<String>> query = ProtocolRoute.parseQuery(ctx.request().query());
    Session session = Sessions.find(ctx).orElse(null);
    CompletableFuture<RouteResult> answer = harness.handleAsync(target.profile(), target.route(), query, session)
        .toCompletableFuture();
    if (answer.isDone()) {
      // still inside the route handler: a Throw result is thrown as handlers throw
      respond(ctx, answer);
      return;
    }
    Context context = Vertx.currentContext();
    answer.whenComplete((result, failure) -> context.runOnContext(v -> {
      try {
        respond(ctx, answer);
      } catch (RuntimeException e) {
        ctx.fail(e); // how a Vert.x handler fails once it has gone asynchronous
      }
    }));
  }

  private static void respond(RoutingContext ctx, CompletableFuture<RouteResult> answer) {
    RouteResult result;
    try {
      result = answer.join();
    } catch (CompletionException e) {
      ctx.fail(e.getCause() != null ? e.getCause() : e);
      return;
    }
    write(ctx, result);
  }

  private static void write(RoutingContext ctx, RouteResult result) {
    HttpServerResponse response = ctx.response();
    // the application's own cookies go in before the session commits (at the head)
    result.setCookies().forEach(c -> response.headers().add("Set-Cookie", c));
    if (result instanceof RouteResult.Json json) {
      response.setStatusCode(json.status()).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(json.body());
    } else if (result instanceof RouteResult.Throw thrown) {
      throw thrown.exception(); // Vert.x Web turns it into ctx.fail: the server's own 500
    } else if (result instanceof RouteResult.Stream stream) {
      response.setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8").setChunked(true);
      Future<Void> chain = Future.succeededFuture();
      for (String chunk : stream.chunks()) {
        chain = chain.compose(v -> response.write(chunk)); // each write is flushed before the next
      }
      chain.compose(v -> response.end()).onFailure(ctx::fail);
    } else if (result instanceof RouteResult.Redirect redirect) {
      response.setStatusCode(302).putHeader("Location", redirect.location()).end();
    }
  }
}
