package io.sessions4j.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.http.FailureResponse;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every request a sessions4j {@link Session} and commits it when the route's response passes
 * back through the filter — before Micronaut writes the response headers, so the engine's
 * Set-Cookie always makes it out, also for streamed bodies, redirects and error responses.
 *
 * <p>Lazy loading: the session is opened without I/O ({@link SessionManager#open}). When the
 * matched route declares a {@link Session} or {@link SessionValue @SessionValue} argument, the
 * filter loads it before the route runs; otherwise the store is read only when something first uses
 * the session ({@link Sessions#of}, {@link Sessions#current}), and a request that never uses it
 * costs no store call and gets no session cookie. Such a first use may wait for the store on a
 * blocking thread ({@code @ExecuteOn(TaskExecutors.BLOCKING)}, virtual threads); on an event loop
 * it succeeds only when the store has answered already (the memory store always has) and otherwise
 * throws {@link IllegalStateException} — call {@code session.loaded()} there.
 *
 * <p>Loading and committing are asynchronous {@link CompletionStage}s composed by Micronaut's
 * filter runner: no store call is ever awaited on an event-loop thread, and when a store answers on
 * its own thread the request continues on its event loop (see {@link EventLoops}). When the store is
 * unavailable (policy {@code FAIL}) while loading for a route's argument, the request is answered
 * 503 with {@code Retry-After: 1} and the route does not run; a later first use fails with {@code
 * SessionUnavailableException}, answered 503 too; a commit that fails answers 503 (store) or 500
 * (cookie over {@code maxCookieSize}) instead of the route's response.
 *
 * <p>The filter runs in the {@link ServerFilterPhase#SESSION} phase (after tracing, before
 * security). It uses the application's {@link SessionManager} bean; subclasses may choose a
 * manager per request with {@link #managerFor}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SessionFilter implements Ordered {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String stateAttribute = SessionFilter.class.getName() + ".state." + INSTANCES.incrementAndGet();
  private final SessionManager manager;
  private final RoutesUsingSession routes = new RoutesUsingSession();

  /** A filter applying {@code manager} to every request it matches. */
  @Inject
  public SessionFilter(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /** The engine this filter uses (for administration: {@code destroy(id)}, {@code findSessionIds}). */
  public SessionManager manager() {
    return manager;
  }

  /**
   * The engine for {@code request}, or {@code null} to leave the request without a session. This
   * implementation returns the configured one for every request.
   */
  protected @Nullable SessionManager managerFor(HttpRequest<?> request) {
    return manager;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SESSION.order();
  }

  /**
   * Loads the session; completes with an empty Optional to let the request proceed, or with the
   * 503 answer when the store is unavailable.
   */
  @RequestFilter
  public CompletionStage<Optional<MutableHttpResponse<?>>> loadSession(HttpRequest<?> request) {
    SessionManager engine = managerFor(request);
    if (engine == null || request.getAttribute(stateAttribute).isPresent()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    MicronautExchange exchange = new MicronautExchange(request);
    Session session = engine.open(exchange, EventLoops::mayWait);
    if (!routes.uses(request)) {
      // lazy: read on first use; a route that never uses the session costs no store call
      attach(request, engine, exchange, session);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    // the route binds a Session or @SessionValue argument: load it before the route runs, without waiting
    return EventLoops.handleOnCallerLoop(session.loaded(), (loaded, failure) -> {
      if (failure != null) {
        FailureResponse answer = FailureResponse.of(failure);
        if (answer != null) {
          // the engine has logged the store failure
          return Optional.of(render(answer));
        }
        throw FailureResponse.rethrowable(failure);
      }
      attach(request, engine, exchange, session);
      return Optional.<MutableHttpResponse<?>>empty();
    });
  }

  private void attach(HttpRequest<?> request, SessionManager engine, MicronautExchange exchange, Session session) {
    request.setAttribute(stateAttribute, new RequestSession(engine, exchange, session));
    request.setAttribute(Session.REQUEST_ATTRIBUTE, session);
    SessionTrace trace = SessionTrace.of(session);
    if (trace != null) {
      request.setAttribute(SessionTrace.REQUEST_ATTRIBUTE, trace);
    }
  }

  /**
   * Commits the session onto the route's response before Micronaut writes it; the response is
   * replaced by a 503 / 500 answer when the commit fails.
   */
  @ResponseFilter
  public CompletionStage<MutableHttpResponse<?>> commitSession(HttpRequest<?> request, MutableHttpResponse<?> response) {
    RequestSession state = request.getAttribute(stateAttribute, RequestSession.class).orElse(null);
    if (state == null || state.exchange().hasResponse()) {
      return CompletableFuture.completedFuture(response);
    }
    state.exchange().attach(response);
    return EventLoops.handleOnCallerLoop(state.manager().commit(state.exchange(), state.session()),
        (ignored, failure) -> {
          state.exchange().closeHeaders();
          if (failure == null) {
            return response;
          }
          return commitFailed(request, failure);
        });
  }

  /**
   * A session failure (store down, cookie too large) becomes its answer; any other failure goes on
   * to Micronaut's error handling, as a route's exception would.
   */
  private static MutableHttpResponse<?> commitFailed(HttpRequest<?> request, Throwable failure) {
    if (FailureResponse.of(failure) == null) {
      throw FailureResponse.rethrowable(failure);
    }
    return render(FailureResponse.forFailedCommit(LOG, failure, request.getMethodName() + " " + request.getPath()));
  }

  /** The engine's failure answer as a Micronaut response. */
  static MutableHttpResponse<?> render(FailureResponse answer) {
    MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.valueOf(answer.status()))
        .contentType(MediaType.TEXT_PLAIN_TYPE)
        .body(answer.body());
    if (answer.retryAfterSeconds() > 0) {
      response.header("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    return response;
  }

  /** What the response filter needs from the request filter. */
  private record RequestSession(SessionManager manager, MicronautExchange exchange, Session session) {}
}
