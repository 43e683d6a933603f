package io.sessions4j.core.http;

import io.sessions4j.core.SessionTooLargeException;
import io.sessions4j.core.SessionUnavailableException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an adapter answers when the engine fails a request, so every adapter answers the same: a
 * store outage under {@code storeFailurePolicy=FAIL} ({@link SessionUnavailableException}) is 503
 * with {@code Retry-After: 1}; a cookie-mode session too large for a cookie ({@link
 * SessionTooLargeException}) is 500; a commit that failed for any other reason (a hook threw, a
 * bug) is 500 "the session could not be saved". Adapters render it with their framework's own
 * response type, and only while the response is not committed yet.
 *
 * <p>{@link #forFailedCommit} and {@link #logUnanswerable} also log a failed commit, once and the
 * same way in every adapter: a store outage is logged by the engine already (with the session id
 * redacted), so the adapter adds only a debug line; a session too large for its cookie is an error
 * with its message; any other failure is an error with its stack trace.
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
  private static final FailureResponse NOT_SAVED =
      new FailureResponse(500, 0, "Internal Server Error: the session could not be saved.\n");

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

  /**
   * The answer for a failed {@code SessionManager.commit}, for adapters that answer every commit
   * failure themselves: {@link #of}, or 500 "the session could not be saved" for any other failure.
   * Never null.
   */
  public static FailureResponse ofCommit(Throwable failure) {
    FailureResponse answer = of(failure);
    return answer != null ? answer : NOT_SAVED;
  }

  /**
   * Logs a failed commit whose answer is about to replace the application's response, and returns
   * that answer ({@link #ofCommit}).
   *
   * @param log the adapter's logger
   * @param failure the commit's failure, wrapped or not
   * @param where what the response was, for the log line (a commit point, or the request's method
   *     and path; never a session id)
   */
  public static FailureResponse forFailedCommit(Logger log, Throwable failure, String where) {
    FailureResponse answer = ofCommit(failure);
    Throwable cause = unwrap(failure);
    String message = "session could not be committed (" + where + "); answering " + answer.status()
        + " instead of the application's response";
    if (cause instanceof SessionUnavailableException) {
      log.log(Level.DEBUG, message + ": " + cause); // the engine has logged the store failure
    } else if (cause instanceof SessionTooLargeException) {
      log.log(Level.ERROR, message + ": " + cause.getMessage());
    } else {
      log.log(Level.ERROR, message, cause);
    }
    return answer;
  }

  /** Logs a failed commit that came too late to answer for it: the response head was sent already. */
  public static void logUnanswerable(Logger log, Throwable failure, String where) {
    Throwable cause = unwrap(failure);
    String message = "session could not be committed (" + where
        + ") and the response was already committed, so no error could be answered";
    if (of(cause) != null) {
      log.log(Level.ERROR, message + ": " + cause);
    } else {
      log.log(Level.ERROR, message, cause);
    }
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
