package io.sessions4j.core;

import io.sessions4j.core.http.FailureResponse;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Waiting for one of the engine's stages ({@code SessionManager.load}/{@code commit}, {@code
 * Session.loaded()}/{@code save()}) on a thread that may block: a servlet container's request
 * thread, a Helidon virtual thread, a lazy session's first use. One policy for every such wait:
 *
 * <ul>
 *   <li><b>no timeout of its own</b>: every store call inside the stage is bounded by {@code
 *       storeTimeout}, and the stage fails when one runs over;
 *   <li><b>interrupt</b>: the thread's interrupt flag is restored and {@link IllegalStateException}
 *       thrown;
 *   <li><b>failure</b>: the engine's own exception, unwrapped ({@link SessionUnavailableException},
 *       {@link SessionTooLargeException}, …); a checked cause comes wrapped in {@link
 *       java.util.concurrent.CompletionException}.
 * </ul>
 *
 * <p>Never call it on an event loop: there, compose on the stage instead.
 */
public final class Await {

  private Await() {}

  /** The stage's result once it completes, under the policy above. */
  public static <T> T result(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the session store", e);
    } catch (ExecutionException e) {
      throw FailureResponse.rethrowable(e.getCause());
    }
  }
}
