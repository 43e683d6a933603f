package io.sessions4j.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstrumentedStoreTest {
  private final InstrumentedStore store = new InstrumentedStore(MemoryStore.builder().build());
  private final Instant now = Instant.now();

  private StoredSession record(String id) {
    return new StoredSession(id, new byte[] {1}, now, now, now.plusSeconds(60), 1, null);
  }

  @Test
  void countsCallsInTotalAndPerId() {
    store.save(record("a"), StoredSession.NEW).toCompletableFuture().join();
    store.set(record("b")).toCompletableFuture().join();
    store.get("a").toCompletableFuture().join();
    store.touch("a", now, now.plusSeconds(90)).toCompletableFuture().join();
    store.destroy("b").toCompletableFuture().join();

    assertThat(store.counts()).isEqualTo(new InstrumentedStore.Counts(1, 1, 1, 1, 1));
    assertThat(store.counts("a")).isEqualTo(new InstrumentedStore.Counts(1, 1, 0, 1, 0));
    assertThat(store.counts("b").writes()).isEqualTo(1);
    assertThat(store.counts("never")).isEqualTo(new InstrumentedStore.Counts(0, 0, 0, 0, 0));
  }

  @Test
  void failsExactlyTheNextNCallsOfAnOp() {
    store.failNext(InstrumentedStore.Failure.GET, 2);
    assertThatThrownBy(() -> store.get("a").toCompletableFuture().join()).hasCauseInstanceOf(SessionStoreException.class);
    assertThatThrownBy(() -> store.get("a").toCompletableFuture().join()).hasCauseInstanceOf(SessionStoreException.class);
    assertThat(store.get("a").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void saveFailureCoversEveryKindOfWrite() {
    store.failNext(InstrumentedStore.Failure.SAVE, 2);
    assertThatThrownBy(() -> store.set(record("a")).toCompletableFuture().join()).hasCauseInstanceOf(SessionStoreException.class);
    assertThatThrownBy(() -> store.save(record("a"), StoredSession.NEW).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionStoreException.class);
    assertThat(store.delegate().get("a").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void resetClearsCountersAndPendingFailures() {
    store.failNext(InstrumentedStore.Failure.DESTROY, 1);
    store.get("a").toCompletableFuture().join();
    store.reset();
    store.destroy("a").toCompletableFuture().join();
    assertThat(store.counts()).isEqualTo(new InstrumentedStore.Counts(0, 0, 0, 0, 1));
  }
}
