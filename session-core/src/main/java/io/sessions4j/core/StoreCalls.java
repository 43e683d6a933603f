package io.sessions4j.core;

import io.sessions4j.core.event.StoreFailurePhase;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.core.id.SessionIds;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How the engine calls its store: through the circuit breaker ({@link StoreBreaker}), every
 * request's calls together bounded by {@code storeTimeout} ({@link StoreBudget}), failures unwrapped
 * from their completion wrappers, and a failed load or save answered as {@code storeFailurePolicy}
 * says (fail the request with {@link SessionUnavailableException}, or log and carry on). Failures
 * are logged with the session id redacted. Each call's time and outcome, and each failure the policy
 * answered, are told to the listeners ({@link SessionEvents}).
 */
final class StoreCalls {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final Duration timeout;
  private final long timeoutNanos;
  private final StoreFailurePolicy policy;
  /** Null when off, or when the store is the engine's own memory store (which cannot fail). */
  private final StoreBreaker breaker;

  /** False for the memory store, which answers at once: its requests need no store-time budget. */
  private final boolean budgeted;
  private final SessionEvents events;

  StoreCalls(SessionConfig config, StoreBreaker breaker, boolean budgeted, SessionEvents events) {
    this.budgeted = budgeted;
    this.events = events;
    this.timeout = config.storeTimeout();
    this.timeoutNanos = timeout.toNanos();
    this.policy = config.storeFailurePolicy();
    this.breaker = breaker;
  }

  /**
   * A new request's store time: {@code storeTimeout} for all its store calls together; null for the
   * memory store, whose calls answer at once (nothing to allocate per request).
   */
  StoreBudget newBudget() {
    return budgeted ? new StoreBudget(timeoutNanos) : null;
  }

  /**
   * Calls the store: at once a failed stage when the breaker is open or {@code budget} is used up;
   * otherwise {@code call}'s stage, failing with a {@link io.sessions4j.core.store.SessionStoreException}
   * when the store does not answer within what is left of the budget (or {@code storeTimeout} when
   * {@code budget} is null: administration outside a request). The time taken is taken off the
   * budget and the outcome told to the breaker. A stage that has already answered (the memory
   * store) is returned as it is.
   */
  <T> CompletableFuture<T> call(StoreBudget budget, StoreOperation operation,
      Supplier<? extends CompletionStage<T>> call) {
    long allowed = budget == null ? timeoutNanos : Math.min(timeoutNanos, budget.remainingNanos());
    if (allowed <= 0) {
      return CompletableFuture.failedFuture(new SessionStoreException(
          "this request has spent its storeTimeout (" + timeout + ") on store calls already"));
    }
    if (breaker != null && !breaker.tryAcquire()) {
      return CompletableFuture.failedFuture(breaker.refusal());
    }
    long start = System.nanoTime();
    CompletableFuture<T> future;
    try {
      future = call.get().toCompletableFuture();
    } catch (RuntimeException e) {
      finished(budget, operation, start, e);
      return CompletableFuture.failedFuture(e);
    }
    if (future.isDone() && !future.isCompletedExceptionally()) {
      long took = System.nanoTime() - start;
      if (breaker != null) {
        breaker.succeeded(took);
      }
      events.storeCalled(operation, took, null);
      return future;
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    future.copy().orTimeout(allowed, TimeUnit.NANOSECONDS).whenComplete((value, failure) -> {
      if (failure == null) {
        finished(budget, operation, start, null);
        result.complete(value);
        return;
      }
      Throwable cause = unwrap(failure);
      if (cause instanceof TimeoutException) {
        cause = new SessionStoreException("session store did not answer within "
            + (allowed < timeoutNanos ? "what was left of " : "") + "storeTimeout " + timeout, cause);
      }
      finished(budget, operation, start, cause);
      result.completeExceptionally(cause);
    });
    return result;
  }

  /** Takes a call's time off the budget and tells the breaker and the listeners how it went. */
  private void finished(StoreBudget budget, StoreOperation operation, long start, Throwable failure) {
    long took = System.nanoTime() - start;
    if (budget != null) {
      budget.spend(took);
    }
    events.storeCalled(operation, took, failure);
    if (breaker == null) {
      return;
    }
    if (failure == null) {
      breaker.succeeded(took);
    } else if (failure instanceof SessionTooLargeException) {
      breaker.released(); // the store is fine; the session is not
    } else {
      breaker.failed(took, failure);
    }
  }

  /**
   * A store read of session {@code id} failed: throws {@link SessionUnavailableException} under
   * policy FAIL; under CONTINUE logs it and returns, and the request gets a fresh session.
   */
  void loadFailed(String id, Throwable failure) {
    Throwable cause = unwrap(failure);
    Level level = cause instanceof StoreBreaker.Refused ? Level.DEBUG : Level.ERROR;
    events.storeFailed(policy, StoreFailurePhase.LOAD);
    if (policy == StoreFailurePolicy.FAIL) {
      LOG.log(level, "session store failed to load session " + SessionIds.redact(id)
          + "; answering 503 (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store unavailable: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(level == Level.DEBUG ? level : Level.WARNING, "session store failed to load session " + SessionIds.redact(id)
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
    Level level = cause instanceof StoreBreaker.Refused ? Level.DEBUG : Level.ERROR;
    events.storeFailed(policy, StoreFailurePhase.COMMIT);
    if (policy == StoreFailurePolicy.FAIL) {
      LOG.log(level, "session store failed to save session " + redacted + " (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store failed to save: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(level, "session store failed to save session " + redacted
        + "; this request's session changes are lost (storeFailurePolicy=CONTINUE): " + cause);
  }

  /** The failure a completion stage carries, without its completion wrappers. */
  static Throwable unwrap(Throwable t) {
    return FailureResponse.unwrap(t);
  }

  /** A store call's failure the engine itself raises (a timeout, an id collision); named as the SPI's, which it extends. */
  static class SessionStoreException extends io.sessions4j.core.store.SessionStoreException {
    private static final long serialVersionUID = 1L;

    SessionStoreException(String message) {
      super(message);
    }

    SessionStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
