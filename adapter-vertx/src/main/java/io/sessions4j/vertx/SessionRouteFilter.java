package io.sessions4j.vertx;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.http.FailureResponse;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Vert.x Web route handler that gives each request a sessions4j {@link Session}: mount it on
 * any Vert.x 4 {@code Router} ({@code router.route().handler(new SessionRouteFilter(manager))})
 * ahead of the routes that use sessions; adapter-quarkus registers the same class as a Quarkus
 * {@code Filters} entry.
 *
 * <p>Per request: {@link SessionManager#open} gives the request a lazy session (no I/O: the store
 * is read when something first uses the session, see {@link Sessions}), it is put in the
 * routing context under {@link Sessions#ATTRIBUTE}, the route continues, and {@link
 * SessionManager#commit} runs at the response's headers-end point — whatever writes the
 * response: {@code end}, the first {@code write} of a streamed body, {@code send}, a redirect, or
 * the error handler after a handler failed. When the commit has not completed right there (an
 * asynchronous store), the response is held on the wire by a {@link ResponseGate} until it has, so
 * its Set-Cookie is still sent and a failure still turns it into 503 / 500; no thread waits.
 *
 * <p>A request that never used its session costs no store call and gets no session cookie. A
 * store failure at the first use (policy {@code FAIL}) fails that use with {@code
 * SessionUnavailableException}, and the session's commit with it, so the response is turned into
 * 503 with {@code Retry-After: 1} at its head whatever the route answered. A request whose context
 * already carries a session (a re-route, or
 * another sessions4j filter earlier in the chain) is passed through untouched.
 */
public final class SessionRouteFilter implements Handler<RoutingContext> {
  private static final System.Logger LOG = System.getLogger(SessionRouteFilter.class.getName());

  private final SessionManager manager;
  private final AtomicBoolean warnedUngated = new AtomicBoolean();

  /** A filter on {@code manager}, which the caller keeps and closes. */
  public SessionRouteFilter(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /** The engine this filter runs. */
  public SessionManager manager() {
    return manager;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(Sessions.ATTRIBUTE) != null) {
      ctx.next();
      return;
    }
    VertxExchange exchange = new VertxExchange(ctx.request(), ctx.response());
    // lazy: no I/O here; the store is read on first use, which never waits on an event loop
    Session session = manager.open(exchange, () -> !Context.isOnEventLoopThread());
    ctx.put(Sessions.ATTRIBUTE, session);
    SessionTrace trace = SessionTrace.of(session);
    if (trace != null) {
      ctx.put(SessionTrace.REQUEST_ATTRIBUTE, trace);
    }
    ctx.addHeadersEndHandler(v -> commitBeforeHead(ctx, exchange, session));
    ctx.next();
  }

  /**
   * Runs synchronously inside Vert.x's write of the response head. A commit that completes here
   * (memory store, cookie mode, nothing to write) has set its headers and we are done; otherwise the
   * head is gated until the commit completes.
   */
  private void commitBeforeHead(RoutingContext ctx, VertxExchange exchange, Session session) {
    exchange.holdHeadersOpen();
    CompletableFuture<Void> commit = manager.commit(exchange, session).toCompletableFuture(); // never throws
    if (commit.isDone() && !commit.isCompletedExceptionally()) {
      exchange.closeHeaders();
      return;
    }
    ResponseGate gate = ResponseGate.install(ctx.request());
    if (gate == null) {
      commitUngated(ctx, exchange, commit);
      return;
    }
    commit.whenComplete((ok, failure) -> {
      exchange.closeHeaders();
      gate.open(failure == null ? ResponseGate.Outcome.SEND
          : ResponseGate.Outcome.fail(FailureResponse.forFailedCommit(LOG, failure, requestLine(ctx))));
    });
  }

  /** HTTP/2 (or a connection we cannot hold): only a commit that is already done can still change the head. */
  private void commitUngated(RoutingContext ctx, VertxExchange exchange, CompletableFuture<Void> commit) {
    exchange.closeHeaders();
    if (commit.isDone()) {
      Throwable failure = commit.handle((v, e) -> e).join();
      render(ctx.response(), FailureResponse.forFailedCommit(LOG, failure, requestLine(ctx)));
      return;
    }
    Level level = warnedUngated.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
    LOG.log(level, "the session commit was still running when the response head was written on a "
        + "connection whose head cannot be held back (" + ctx.request().version() + "); the session "
        + "cookie may be missing from this response. With an asynchronous store over HTTP/2, call "
        + "session.save() and write the response when it completes.");
    commit.whenComplete((ok, failure) -> {
      if (failure != null) {
        FailureResponse.logUnanswerable(LOG, failure, requestLine(ctx));
      }
    });
  }

  /** The request's method and path, for log lines (no query: nothing a client sent beyond the path). */
  private static String requestLine(RoutingContext ctx) {
    return ctx.request().method() + " " + ctx.normalizedPath();
  }

  /** Sets the failure answer's status and headers on a response whose head is not written yet. */
  private static HttpServerResponse render(HttpServerResponse response, FailureResponse answer) {
    response.setStatusCode(answer.status());
    if (answer.retryAfterSeconds() > 0) {
      response.headers().set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    return response;
  }
}
