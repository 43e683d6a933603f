package io.sessions4j.webflux;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.http.FailureResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The session state of one exchange, kept among its attributes. Nothing happens until something
 * asks for the session: then the engine opens it (the presented id is checked, no I/O) and the
 * commit is registered to run before the response is committed; the store is read only when the
 * session is first used ({@code getSession()} subscribed, {@link Session#loaded()}).
 */
final class RequestSession {
  static final String ATTRIBUTE = RequestSession.class.getName();
  private static final System.Logger LOG = System.getLogger(SessionsWebSessionManager.class.getName());

  private final SessionsWebSessionManager owner;
  private final ServerWebExchange exchange;
  private boolean resolved;
  private SessionManager engine;
  private WebFluxExchange httpExchange;
  private Session session;
  private CoreWebSession webSession;
  /** A session failure is being answered instead of the response: there is nothing to commit. */
  private volatile boolean failureAnswered;

  RequestSession(SessionsWebSessionManager owner, ServerWebExchange exchange) {
    this.owner = owner;
    this.exchange = exchange;
  }

  /** The exchange's session, opened on the first call; null when the manager gives this exchange none. */
  synchronized Session session() {
    if (!resolved) {
      resolved = true;
      engine = owner.managerFor(exchange);
      if (engine != null) {
        httpExchange = new WebFluxExchange(exchange.getRequest(), exchange.getResponse());
        session = engine.open(httpExchange, EventLoops::mayWait);
        exchange.getResponse().beforeCommit(this::commit);
        exchange.getAttributes().put(Session.REQUEST_ATTRIBUTE, session);
        SessionTrace trace = SessionTrace.of(session);
        if (trace != null) {
          exchange.getAttributes().put(SessionTrace.REQUEST_ATTRIBUTE, trace);
        }
      }
    }
    return session;
  }

  /** The loaded session as a {@link WebSession}, without blocking; a store failure comes as {@link SessionFailureException}. */
  Mono<WebSession> webSession() {
    Session s = session();
    if (s == null) {
      return Mono.error(new IllegalStateException("this request has no session: "
          + owner.getClass().getName() + ".managerFor gave it none"));
    }
    return loaded(s).map(this::view);
  }

  /** The session once loaded, without blocking; a store failure comes as {@link SessionFailureException}. */
  Mono<Session> loaded() {
    Session s = session();
    if (s == null) {
      return Mono.error(new IllegalStateException("this request has no session: "
          + owner.getClass().getName() + ".managerFor gave it none"));
    }
    return loaded(s);
  }

  private static Mono<Session> loaded(Session s) {
    return Mono.defer(() -> EventLoops.onCallerLoop(s.loaded())).onErrorMap(SessionFailureException::ofLoad);
  }

  private synchronized WebSession view(Session loaded) {
    if (webSession == null) {
      webSession = new CoreWebSession(loaded);
    }
    return webSession;
  }

  /**
   * The engine's commit, run by Spring as the response commits: the headers are held open for it
   * (Spring counts the response committed already, but takes headers until its commit actions are
   * done) and closed after. A failure fails the response's commit, and Spring's error handling
   * answers it (see {@link SessionFailureHandler}).
   */
  private Mono<Void> commit() {
    if (failureAnswered) {
      return Mono.empty();
    }
    httpExchange.holdHeadersOpen();
    return Mono.defer(() -> EventLoops.onCallerLoop(engine.commit(httpExchange, session)))
        .doOnTerminate(httpExchange::closeHeaders)
        .onErrorMap(failure -> failure instanceof SessionFailureException ? failure : new SessionFailureException(
            FailureResponse.forFailedCommit(LOG, failure, where()), FailureResponse.unwrap(failure)));
  }

  /**
   * The request failed with a session failure and {@link SessionFailureHandler} answers it: that
   * answer commits no session (a failed load would fail the commit again and turn the 503 into a 500).
   */
  void failureAnswered() {
    failureAnswered = true;
  }

  private String where() {
    return exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value();
  }
}
