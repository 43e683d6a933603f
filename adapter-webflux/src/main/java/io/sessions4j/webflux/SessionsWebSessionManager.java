package io.sessions4j.webflux;

import io.sessions4j.core.SessionManager;
import java.util.Objects;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionManager;
import reactor.core.publisher.Mono;

/**
 * Spring WebFlux's {@link WebSessionManager} backed by the sessions4j engine: {@code
 * ServerWebExchange.getSession()} — and through it Spring Security's {@code
 * WebSessionServerSecurityContextRepository}, CSRF token repository and request cache — gets the
 * request's sessions4j session, and the engine decides everything: which session the request has,
 * when the store is read, written or touched, when a cookie is sent, expiry, id changes.
 *
 * <p>Lazy and non-blocking: a request that never subscribes to {@code getSession()} (nor calls
 * {@link Sessions}) costs nothing — no id check, no store call, no cookie. The first subscription
 * reads the store asynchronously; when the store answers on its own thread, the request continues on
 * its Reactor Netty event loop. The engine commits as the response commits ({@code
 * ServerHttpResponse.beforeCommit}), asynchronously too, so a Netty event loop never waits for a
 * store.
 *
 * <p>A store outage (policy {@code FAIL}) or a cookie-mode session too large for its cookie fails
 * the request with a {@link SessionFailureException}; register {@link SessionFailureHandler} to
 * answer it as every adapter does (503 with {@code Retry-After}, or 500).
 *
 * <pre>{@code
 * SessionsWebSessionManager sessions = new SessionsWebSessionManager(SessionManager.create(config));
 * HttpHandler handler = WebHttpHandlerBuilder.applicationContext(context)   // or .webHandler(...)
 *     .sessionManager(sessions)
 *     .exceptionHandler(new SessionFailureHandler())
 *     .build();
 * }</pre>
 *
 * <p>In a Spring application, declare it as the bean {@code webSessionManager} (the name {@code
 * WebHttpHandlerBuilder} looks for); the Spring Boot starter does that for reactive applications.
 */
public class SessionsWebSessionManager implements WebSessionManager {
  private final SessionManager manager;

  /** A session manager giving every exchange a session of {@code manager}. */
  public SessionsWebSessionManager(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /** The engine this manager uses (for administration: {@code destroy(id)}, {@code findSessionIds}). */
  public SessionManager manager() {
    return manager;
  }

  /**
   * The engine for {@code exchange}, or {@code null} to leave it without a session ({@code
   * getSession()} then fails). Asked once per exchange, when its session is first asked for. This
   * implementation returns the configured one for every exchange.
   */
  protected SessionManager managerFor(ServerWebExchange exchange) {
    return manager;
  }

  /**
   * The exchange's session, loaded when subscribed to (Spring caches it per exchange). Completes
   * with the session, or fails with {@link SessionFailureException} when the store is unavailable
   * and the policy is {@code FAIL}.
   */
  @Override
  public Mono<WebSession> getSession(ServerWebExchange exchange) {
    RequestSession state = new RequestSession(this, exchange);
    exchange.getAttributes().put(RequestSession.ATTRIBUTE, state);
    return Mono.defer(state::webSession);
  }
}
