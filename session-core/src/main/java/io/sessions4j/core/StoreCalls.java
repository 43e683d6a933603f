package io.sessions4j.core;

import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.core.id.SessionIds;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the engine calls its store: every call bounded by {@code storeTimeout}, failures unwrapped
 * from their completion wrappers, and a failed load or save answered as {@code storeFailurePolicy}
 * says (fail the request with {@link SessionUnavailableException}, or log and carry on). Failures
 * are logged with the session id redacted.
 */
final class StoreCalls {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final Duration timeout;
  private final StoreFailurePolicy policy;

  StoreCalls(SessionConfig config) {
    this.timeout = config.storeTimeout();
    this.policy = config.storeFailurePolicy();
  }

  /**
   * {@code stage}, failing with a {@link io.sessions4j.core.store.SessionStoreException} when the
   * store does not answer within {@code storeTimeout}. A stage that has already answered (the memory
   * store) is returned as it is: nothing to time, nothing to wrap.
   */
  <T> CompletableFuture<T> timed(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return future;
    }
    return future.copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> {
          Throwable cause = unwrap(e);
          if (cause instanceof TimeoutException) {
            return CompletableFuture.failedFuture(new SessionStoreException(
                "session store did not answer within storeTimeout " + timeout, cause));
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /**
   * A store read of session {@code id} failed: throws {@link SessionUnavailableException} under
   * policy FAIL; under CONTINUE logs it and returns, and the request gets a fresh session.
   */
  void loadFailed(String id, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (policy == StoreFailurePolicy.FAIL) {
      LOG.log(Level.ERROR, "session store failed to load session " + SessionIds.redact(id)
          + "; answering 503 (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store unavailable: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(Level.WARNING, "session store failed to load session " + SessionIds.redact(id)
        + "; continuing with a fresh session (storeFailurePolicy=CONTINUE): " + cause);
  }

  /**
   * A store write of session {@code id} failed: rethrows a {@link SessionTooLargeException}; throws
   * {@link SessionUnavailableException} under policy FAIL; under CONTINUE logs that the request's
   * changes are lost and returns.
   */
  void saveFailed(String id, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SessionTooLargeException tooLarge) {
      throw tooLarge;
    }
    String redacted = SessionIds.redact(id);
    if (policy == StoreFailurePolicy.FAIL) {
      LOG.log(Level.ERROR, "session store failed to save session " + redacted + " (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store failed to save: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(Level.ERROR, "session store failed to save session " + redacted
        + "; this request's session changes are lost (storeFailurePolicy=CONTINUE): " + cause);
  }

  /** The failure a completion stage carries, without its completion wrappers. */
  static Throwable unwrap(Throwable t) {
    return FailureResponse.unwrap(t);
  }

  /** A store call's failure the engine itself raises (a timeout, an id collision); named as the SPI's, which it extends. */
  static final class SessionStoreException extends io.sessions4j.core.store.SessionStoreException {
    private static final long serialVersionUID = 1L;

    SessionStoreException(String message) {
      super(message);
    }

    SessionStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
