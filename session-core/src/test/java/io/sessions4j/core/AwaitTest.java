package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link Await}: the one policy for waiting on the engine's stages. */
class AwaitTest {

  @Test
  void returnsTheResult() {
    assertThat(Await.result(CompletableFuture.completedFuture("x"))).isEqualTo("x");
  }

  @Test
  void throwsTheEnginesExceptionUnwrapped() {
    SessionUnavailableException down = new SessionUnavailableException("down", null);
    CompletableFuture<Void> failed = CompletableFuture.<Void>failedFuture(down).thenApply(v -> v);

    assertThatThrownBy(() -> Await.result(failed)).isSameAs(down);
  }

  @Test
  void wrapsACheckedCauseInCompletionException() {
    IOException io = new IOException("disk");

    assertThatThrownBy(() -> Await.result(CompletableFuture.failedFuture(io)))
        .isInstanceOf(CompletionException.class)
        .hasCause(io);
  }

  @Test
  void anInterruptedWaitThrowsAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.result(new CompletableFuture<>()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
