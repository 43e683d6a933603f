package io.sessions4j.webflux;

import io.sessions4j.core.http.FailureResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * A session failure on its way to becoming the response: the store is unavailable (policy {@code
 * FAIL}: 503 with {@code Retry-After: 1}), a cookie-mode session is too large for its cookie (500),
 * or a commit failed otherwise (500). {@link SessionFailureHandler} answers it with the engine's
 * {@link FailureResponse}, the same status and body as every sessions4j adapter; without it, being
 * a {@link ResponseStatusException}, Spring's own error handling still answers its status. The
 * cause is the engine's exception ({@code SessionUnavailableException}, {@code
 * SessionTooLargeException}, …).
 */
public final class SessionFailureException extends ResponseStatusException {
  private final transient FailureResponse answer;

  SessionFailureException(FailureResponse answer, Throwable cause) {
    super(HttpStatusCode.valueOf(answer.status()), answer.body().strip(), cause);
    this.answer = answer;
  }

  /**
   * {@code failure} as a {@code SessionFailureException} when it is a session failure of the engine
   * (unwrapped from completion wrappers first), else {@code failure} itself.
   */
  static Throwable ofLoad(Throwable failure) {
    if (failure instanceof SessionFailureException) {
      return failure;
    }
    FailureResponse answer = FailureResponse.of(failure);
    return answer == null ? failure : new SessionFailureException(answer, FailureResponse.unwrap(failure));
  }

  /** The answer the engine gives for this failure: status, {@code Retry-After}, body. */
  public FailureResponse answer() {
    return answer;
  }

  /** {@code Retry-After} when the answer has one (a store outage). */
  @Override
  public HttpHeaders getHeaders() {
    HttpHeaders headers = new HttpHeaders();
    if (answer.retryAfterSeconds() > 0) {
      headers.set("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    return headers;
  }
}
