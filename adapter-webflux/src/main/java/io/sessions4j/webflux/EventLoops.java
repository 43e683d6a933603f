package io.sessions4j.webflux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps store waits off event loops and brings a request back to its own event loop.
 *
 * <p>Store operations complete on the store's own threads (a JDBC pool, Redis' I/O loop). Without a
 * hop back, the rest of the request — Spring Security, the handler — would run on that thread: for
 * Redis, on its I/O loop. On Reactor Netty the request's loop is found through Netty's {@code
 * ThreadExecutorMap}; on servlet containers (no Netty) the request simply continues where the store
 * answered. A stage that is already complete (the memory store, cookie mode) continues inline.
 */
final class EventLoops {
  private static final boolean NETTY = isPresent("io.netty.util.internal.ThreadExecutorMap");

  private EventLoops() {}

  /**
   * Whether the calling thread may wait for the session store: not on a thread Reactor marks
   * non-blocking (Reactor Netty's event loops, Reactor's parallel scheduler).
   */
  static boolean mayWait() {
    return !Schedulers.isInNonBlockingThread();
  }

  /**
   * {@code stage} as a Mono whose value is delivered on the calling thread's event loop when the
   * stage completes later; inline when it is complete already or the caller is on no event loop.
   * Cancelling the Mono does not cancel the stage (a store write goes on).
   */
  static <T> Mono<T> onCallerLoop(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone()) {
      return Mono.fromFuture(future, true);
    }
    Executor loop = NETTY ? NettyLoop.current() : null;
    if (loop == null) {
      return Mono.fromFuture(future, true);
    }
    return Mono.fromFuture(future.whenCompleteAsync((value, failure) -> {}, loop), true);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, EventLoops.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Netty's side, loaded only when Netty is present. */
  private static final class NettyLoop {
    static Executor current() {
      return io.netty.util.internal.ThreadExecutorMap.currentExecutor();
    }
  }
}
