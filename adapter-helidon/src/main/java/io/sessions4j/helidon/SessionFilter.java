package io.sessions4j.helidon;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.sessions4j.core.Await;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.core.SessionTooLargeException;
import io.sessions4j.core.SessionUnavailableException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The Helidon webserver filter that gives each request its session. Install it with {@link
 * SessionFeature}; it only wires Helidon to the core {@link SessionManager}, which decides
 * everything else.
 *
 * <p>Per request: the session is opened lazily ({@link SessionManager#open}: the store is read on
 * the handler's first use of it, and a request that never uses it costs no store call and gets no
 * session cookie), registered in the request {@link
 * io.helidon.common.context.Context} (see {@link Sessions}), and committed from a {@link
 * io.helidon.webserver.http.ServerResponse#beforeSend(Runnable) before-send} listener — the moment
 * Helidon is about to write the status line and headers, whichever way the response goes out:
 * {@code send(...)}, the first use of {@code outputStream()} (streaming), a redirect, or the
 * server's own error answer after a handler threw.
 *
 * <p>Helidon 4 runs filters and handlers on virtual threads, and its filter API is blocking
 * ({@code chain.proceed()} returns when the response is done). The filter, and a handler's first
 * use of the session, therefore wait for the engine's stages (at most {@code storeTimeout} per store
 * call); a waiting virtual thread releases its carrier, so a slow store delays only its own request.
 * When the store fails at that first use (policy {@code FAIL}) the use throws {@link
 * SessionUnavailableException}; escaping the handler, it is answered 503 with {@code Retry-After: 1}.
 */
public final class SessionFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());

  private final SessionManager manager;
  private final Predicate<? super ServerRequest> appliesTo;

  private SessionFilter(SessionManager manager, Predicate<? super ServerRequest> appliesTo) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.appliesTo = Objects.requireNonNull(appliesTo, "appliesTo");
  }

  /** A filter giving every request a session of {@code manager}. */
  public static SessionFilter create(SessionManager manager) {
    return new SessionFilter(manager, request -> true);
  }

  /** A filter giving a session to the requests {@code appliesTo} accepts; others pass through without one. */
  public static SessionFilter create(SessionManager manager, Predicate<? super ServerRequest> appliesTo) {
    return new SessionFilter(manager, appliesTo);
  }

  /** The engine this filter uses. */
  public SessionManager manager() {
    return manager;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    if (!appliesTo.test(req)) {
      chain.proceed();
      return;
    }
    HelidonExchange exchange = new HelidonExchange(req, res);
    // lazy: the store is read when the handler first uses the session (a virtual thread may wait)
    Session session = manager.open(exchange);
    Commit commit = new Commit(req, exchange, session);
    Sessions.register(req.context(), session);
    res.beforeSend(commit);
    try {
      chain.proceed();
    } catch (SessionUnavailableException e) {
      // the store failed at the handler's first use of the session (policy FAIL); the engine logged it
      if (res.isSent()) {
        throw e;
      }
      FailureResponse answer = FailureResponse.of(e);
      commit.ran = true; // the session was never loaded: nothing to commit
      res.status(Status.create(answer.status()))
          .header(HeaderValues.create(HeaderNames.RETRY_AFTER, Integer.toString(answer.retryAfterSeconds())))
          .send(answer.body());
      return;
    }
    if (!commit.ran && res.isSent()) {
      LOG.log(Level.WARNING, "the response to " + req.prologue().method() + " " + req.path().rawPath()
          + " was sent without the before-send listener: the session was not committed");
    }
  }

  /** The request's commit, run once by the first before-send of the response. */
  private final class Commit implements Runnable {
    private final RoutingRequest request;
    private final HelidonExchange exchange;
    private final Session session;
    private boolean ran;

    Commit(RoutingRequest request, HelidonExchange exchange, Session session) {
      this.request = request;
      this.exchange = exchange;
      this.session = session;
    }

    @Override
    public void run() {
      if (ran) {
        // the error answer that follows a failed commit, or a second outputStream() call
        return;
      }
      ran = true;
      try {
        Await.result(manager.commit(exchange, session));
      } catch (SessionUnavailableException | SessionTooLargeException e) {
        // abort this send so the server gives the engine's failure answer instead
        FailureResponse answer = FailureResponse.forFailedCommit(LOG, e,
            request.prologue().method() + " " + request.path().rawPath());
        HttpException abort = new HttpException(answer.body().strip(), Status.create(answer.status()), e, true);
        if (answer.retryAfterSeconds() > 0) {
          abort.header(HeaderValues.create(HeaderNames.RETRY_AFTER, Integer.toString(answer.retryAfterSeconds())));
        }
        throw abort;
      } finally {
        exchange.closeHeaders();
      }
    }
  }
}
