package io.sessions4j.core.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Caffeine's maintenance runs on the calling (or scheduler) thread, while expiry notices are handed
 * to another thread: a slow listener must never hold up a request's store call.
 */
class MemoryStoreMaintenanceTest {
  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static StoredSession record(String id, Instant now, Duration ttl) {
    return new StoredSession(id, new byte[] {1}, now, now, now.plus(ttl), 1, null);
  }

  @Test
  void expiryNoticesArriveOffTheCallingThreadAndASlowListenerDoesNotBlockWrites() throws Exception {
    MutableClock clock = new MutableClock();
    MemoryStore store = MemoryStore.builder().clock(clock).promptExpiry(false).build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch noticed = new CountDownLatch(3);
    Set<String> expired = ConcurrentHashMap.newKeySet();
    AtomicReference<Thread> listenerThread = new AtomicReference<>();
    store.setExpiryListener(id -> {
      listenerThread.set(Thread.currentThread());
      expired.add(id);
      noticed.countDown();
      try {
        release.await(10, TimeUnit.SECONDS); // a slow listener
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (String id : new String[] {"aaaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaaa3"}) {
      store.set(record(id, clock.now, Duration.ofSeconds(1))).toCompletableFuture().join();
    }
    store.set(record("live-live-live-live", clock.now, Duration.ofHours(1))).toCompletableFuture().join();
    clock.now = clock.now.plusSeconds(2);

    long start = System.nanoTime();
    store.cleanUp();
    store.set(record("written-while-listener-is-slow", clock.now, Duration.ofHours(1)))
        .toCompletableFuture().join();
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).as("writes do not wait for the listener").isLessThan(5_000);
    release.countDown();
    assertThat(noticed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactlyInAnyOrder(
        "aaaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaaa3");
    assertThat(listenerThread.get()).isNotSameAs(Thread.currentThread());
    assertThat(store.length().toCompletableFuture().join()).isEqualTo(2);
    assertThat(store.get("live-live-live-live").toCompletableFuture().join()).isPresent();
    assertThat(store.get("aaaaaaaaaaaaaaaa1").toCompletableFuture().join()).isEmpty();
    store.close();
  }
}
