package io.sessions4j.webflux;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionTrace;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The sessions4j {@link Session} of an exchange served by a {@link SessionsWebSessionManager}, for
 * code that wants the core API (typed values, {@code regenerate()}, {@code unset()}, per-session
 * max age) rather than Spring's {@code WebSession}. Both are views of the same session.
 *
 * <pre>{@code
 * return Sessions.loaded(exchange).map(session -> {
 *   session.put("views", session.find("views", Integer.class).orElse(0) + 1);
 *   return "views: " + session.get("views");
 * });
 * }</pre>
 *
 * <p>On an event loop use {@link #loaded}: a session from {@link #of} is lazy, and its first
 * synchronous use on an event loop throws {@link IllegalStateException} unless the store has
 * answered already. Once asked for, the session is also the exchange attribute {@value #ATTRIBUTE}.
 */
public final class Sessions {

  /** The exchange attribute holding the session once it was asked for: {@link Session#REQUEST_ATTRIBUTE}. */
  public static final String ATTRIBUTE = Session.REQUEST_ATTRIBUTE;

  private Sessions() {}

  /**
   * The session of {@code exchange}, opened now if nothing asked for it yet (the presented id is
   * checked; no store I/O: that happens on first use); empty when no {@link
   * SessionsWebSessionManager} serves the exchange or it gives this exchange none.
   */
  public static Optional<Session> find(ServerWebExchange exchange) {
    RequestSession state = exchange.getAttribute(RequestSession.ATTRIBUTE);
    return state == null ? Optional.empty() : Optional.ofNullable(state.session());
  }

  /**
   * The decision trace of {@code exchange}'s session (what the engine did and why), opening the
   * session as {@link #find} does; empty when the {@code trace} option is off or the exchange has no
   * session. Also the exchange attribute {@value SessionTrace#REQUEST_ATTRIBUTE} once opened.
   */
  public static Optional<SessionTrace> trace(ServerWebExchange exchange) {
    return find(exchange).map(SessionTrace::of);
  }

  /**
   * {@link #find}, for an exchange that must have a session.
   *
   * @throws IllegalStateException when the exchange has no sessions4j session
   */
  public static Session of(ServerWebExchange exchange) {
    return find(exchange).orElseThrow(() -> new IllegalStateException(
        "This exchange has no sessions4j session: is a SessionsWebSessionManager the application's "
            + "WebSessionManager (the bean 'webSessionManager')?"));
  }

  /**
   * The session of {@code exchange} once loaded, without blocking; fails with {@link
   * SessionFailureException} when the store is unavailable (policy {@code FAIL}), and with {@link
   * IllegalStateException} when the exchange has no sessions4j session.
   */
  public static Mono<Session> loaded(ServerWebExchange exchange) {
    return Mono.defer(() -> {
      RequestSession state = exchange.getAttribute(RequestSession.ATTRIBUTE);
      return state == null ? Mono.error(new IllegalStateException(
          "This exchange has no sessions4j session: is a SessionsWebSessionManager the application's "
              + "WebSessionManager (the bean 'webSessionManager')?")) : state.loaded();
    });
  }
}
