package io.sessions4j.micronaut;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Continues request processing on the event loop that started it.
 *
 * <p>Store operations complete on the store's own threads (a JDBC pool, Redis' I/O loop). Without
 * a hop back, the rest of the filter chain and the controller would run on that thread — for
 * Redis, on its I/O loop. A stage that is already complete (the memory store, cookie mode)
 * continues inline, at no cost.
 */
final class EventLoops {
  private EventLoops() {}

  /** Whether the calling thread may wait for the session store: any thread but a Netty event loop. */
  static boolean mayWait() {
    return ThreadExecutorMap.currentExecutor() == null;
  }

  /**
   * {@code stage.handle(fn)}, run on the event loop of the calling thread when the stage completes
   * later; inline when it is already complete or the caller is not on an event loop.
   */
  static <T, R> CompletableFuture<R> handleOnCallerLoop(CompletionStage<T> stage,
      BiFunction<? super T, Throwable, ? extends R> fn) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone()) {
      return future.handle(fn);
    }
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    return loop == null ? future.handle(fn) : future.handleAsync(fn, loop);
  }
}
