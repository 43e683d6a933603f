package io.sessions4j.core.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a store is still open, and the failure every operation of a closed store completes
 * with. {@link #markClosed()} answers true once, so a store's {@code close()} releases what it owns
 * exactly once however often it is called.
 */
public final class StoreLifecycle {
  private final String storeName;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** @param storeName how failures name the store, e.g. {@code "JDBC session store"} */
  public StoreLifecycle(String storeName) {
    this.storeName = storeName;
  }

  /** True once {@link #markClosed()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Marks the store closed; true for the first call only (the one that releases resources). */
  public boolean markClosed() {
    return closed.compareAndSet(false, true);
  }

  /** The failure of an operation on a closed store: "the NAME is closed". */
  public SessionStoreException closedFailure() {
    return new SessionStoreException("the " + storeName + " is closed");
  }

  /** A stage already failed with {@link #closedFailure()}. */
  public <T> CompletionStage<T> failedClosed() {
    return CompletableFuture.failedFuture(closedFailure());
  }
}
