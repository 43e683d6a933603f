package io.sessions4j.webflux;

import io.sessions4j.core.http.FailureResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers session failures as every sessions4j adapter does: a store outage under {@code
 * storeFailurePolicy=FAIL} is 503 with {@code Retry-After: 1}, a cookie-mode session too large for
 * its cookie is 500, a commit that failed otherwise is 500 — each with a short plain-text body
 * ({@link FailureResponse}). Any other error goes on to the next handler.
 *
 * <p>Register it with the {@link SessionsWebSessionManager}: as a bean in a Spring application (the
 * Spring Boot starter does), or with {@code WebHttpHandlerBuilder.exceptionHandler}. Its order, {@value
 * #ORDER}, puts it ahead of Spring Boot's error handler (-1) and of {@code @EnableWebFlux}'s (0).
 */
public class SessionFailureHandler implements WebExceptionHandler, Ordered {
  /** This handler's order: ahead of Spring Boot's {@code ErrorWebExceptionHandler} (-1). */
  public static final int ORDER = -2;

  /** A handler answering the engine's failures. */
  public SessionFailureHandler() {}

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    FailureResponse answer = failure instanceof SessionFailureException known ? known.answer() : FailureResponse.of(failure);
    ServerHttpResponse response = exchange.getResponse();
    if (answer == null || response.isCommitted()) {
      return Mono.error(failure);
    }
    RequestSession state = exchange.getAttribute(RequestSession.ATTRIBUTE);
    if (state != null) {
      state.failureAnswered(); // the failure is the answer: no session commit
    }
    response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
    response.getHeaders().set("Content-Type", "text/plain;charset=UTF-8");
    if (answer.retryAfterSeconds() > 0) {
      response.getHeaders().set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
