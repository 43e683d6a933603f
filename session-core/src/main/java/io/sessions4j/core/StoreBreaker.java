package io.sessions4j.core;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.sessions4j.core.event.BreakerState;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breaker in front of the store (Resilience4j's): closed → open when the failure rate
 * over a sliding time window passes {@code storeBreakerFailureRate} (after at least
 * {@code storeBreakerMinimumCalls} calls), or when {@code storeBreakerMinimumCalls} calls in a row
 * failed; open → half-open after {@code storeBreakerOpenFor}; half-open lets {@code
 * storeBreakerProbes} calls through and closes when they succeed. Each transition is logged once
 * (WARN on opening, INFO otherwise) and told to the listeners; nothing is logged per request.
 *
 * <p>Why failures in a row as well: under load the window holds many calls that succeeded before
 * the store went down, and the failing calls come slowly (each waits for the store's own timeout),
 * so the rate alone passes 50 % only once the successes have aged out of the window — about a
 * window (10 s) into an outage, after every request meanwhile waited (found by the outage drills).
 */
final class StoreBreaker {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final CircuitBreaker breaker;
  /** Store calls that failed since the last one that succeeded. */
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final int openAfterFailuresInARow;

  StoreBreaker(SessionConfig config, SessionEvents events) {
    CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .slidingWindowSize((int) Math.min(Integer.MAX_VALUE, config.storeBreakerWindow().toSeconds()))
        .minimumNumberOfCalls(config.storeBreakerMinimumCalls())
        .failureRateThreshold(config.storeBreakerFailureRate())
        .waitDurationInOpenState(config.storeBreakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(config.storeBreakerProbes())
        .clock(config.clock())
        .writableStackTraceEnabled(false)
        .build();
    this.breaker = CircuitBreaker.of("sessions4j-store", breakerConfig);
    this.openAfterFailuresInARow = config.storeBreakerMinimumCalls();
    breaker.getEventPublisher().onStateTransition(e -> {
      BreakerState from = stateOf(e.getStateTransition().getFromState());
      BreakerState to = stateOf(e.getStateTransition().getToState());
      if (from == to) {
        return; // opened twice at once (by the rate on one thread, by failures in a row on another): one transition
      }
      if (to == BreakerState.OPEN) {
        String why = from == BreakerState.CLOSED && failuresInARow.get() >= openAfterFailuresInARow
            ? failuresInARow.get() + " store calls in a row failed"
            : "failure rate " + breaker.getMetrics().getFailureRate() + "% over the last " + config.storeBreakerWindow();
        LOG.log(Level.WARNING, "session store circuit breaker " + from + " -> OPEN: store calls fail at once for "
            + config.storeBreakerOpenFor() + ", then probes (" + why + ")");
      } else {
        LOG.log(Level.WARNING, "session store circuit breaker " + from + " -> " + to);
      }
      events.storeBreakerChanged(from, to);
    });
  }

  /** True when a call may go to the store now; then exactly one of succeeded/failed/released must follow. */
  boolean tryAcquire() {
    return breaker.tryAcquirePermission();
  }

  void succeeded(long nanos) {
    failuresInARow.set(0);
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  void failed(long nanos, Throwable cause) {
    int inARow = failuresInARow.incrementAndGet();
    breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
    if (inARow >= openAfterFailuresInARow && breaker.getState() == CircuitBreaker.State.CLOSED) {
      breaker.transitionToOpenState();
    }
  }

  /** The call ended in a way that says nothing about the store's health. */
  void released() {
    breaker.releasePermission();
  }

  BreakerState state() {
    return stateOf(breaker.getState());
  }

  /** The exception a call refused by an open breaker fails with. */
  Refused refusal() {
    return new Refused("session store circuit breaker is " + state()
        + ": the store failed too often and is not called for now",
        CallNotPermittedException.createCallNotPermittedException(breaker));
  }

  /**
   * A store call the open breaker refused: the request is answered by {@code storeFailurePolicy}
   * like any store failure, but not logged per request (the breaker logged its opening once).
   */
  static final class Refused extends StoreCalls.SessionStoreException {
    private static final long serialVersionUID = 1L;

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static BreakerState stateOf(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED -> BreakerState.CLOSED;
      case OPEN, FORCED_OPEN -> BreakerState.OPEN;
      case HALF_OPEN -> BreakerState.HALF_OPEN;
      default -> BreakerState.DISABLED;
    };
  }
}
