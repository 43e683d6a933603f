package io.sessions4j.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The store time one request has left ({@code storeTimeout} is a bound on all of a request's store
 * calls together, not on each): every call may take at most what is left, and what it took is
 * taken off.
 */
final class StoreBudget {
  private final AtomicLong remainingNanos;

  StoreBudget(long nanos) {
    this.remainingNanos = new AtomicLong(nanos);
  }

  long remainingNanos() {
    return remainingNanos.get();
  }

  void spend(long nanos) {
    remainingNanos.addAndGet(-Math.max(0, nanos));
  }
}
