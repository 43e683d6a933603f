package io.sessions4j.core.event;

/** The state of the circuit breaker in front of a session store ({@code storeBreaker}). */
public enum BreakerState {
  /** Store calls go through; failures are counted. */
  CLOSED,
  /** The store failed too often: calls fail at once, without reaching it, for {@code storeBreakerOpenFor}. */
  OPEN,
  /** A few probe calls go through; if they succeed the breaker closes, if one fails it opens again. */
  HALF_OPEN,
  /** The breaker is off. */
  DISABLED
}
