package io.sessions4j.core.http;

import io.sessions4j.core.SessionTooLargeException;
import io.sessions4j.core.SessionUnavailableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an adapter answers when the engine fails a request, so every adapter answers the same: a
 * store outage under {@code storeFailurePolicy=FAIL} ({@link SessionUnavailableException}) is 503
 * with {@code Retry-After: 1}; a cookie-mode session too large for a cookie ({@link
 * SessionTooLargeException}) is 500. Adapters render it with their framework's own response type,
 * and only while the response is not committed yet.
 *
 * @param status the HTTP status
 * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
 * @param body a short plain-text body, safe to show (no ids, no keys)
 */
public record FailureResponse(int status, int retryAfterSeconds, String body) {

  private static final FailureResponse UNAVAILABLE =
      new FailureResponse(503, 1, "Service Unavailable: the session store did not answer. Please retry.\n");
  private static final FailureResponse TOO_LARGE =
      new FailureResponse(500, 0, "Internal Server Error: the session is too large for a cookie.\n");

  /**
   * The answer for a failure of {@code SessionManager.load}/{@code commit} (unwrapped from {@link
   * CompletionException}/{@link ExecutionException} first), or null when it is not a session
   * failure — then the adapter lets its framework handle it as any handler error.
   */
  public static FailureResponse of(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SessionUnavailableException) {
      return UNAVAILABLE;
    }
    if (cause instanceof SessionTooLargeException) {
      return TOO_LARGE;
    }
    return null;
  }

  /** The failure a completion stage carries: the cause inside CompletionException/ExecutionException wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** {@link #unwrap}, as an unchecked exception an adapter can rethrow. */
  public static RuntimeException rethrowable(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new CompletionException(t);
  }
}
