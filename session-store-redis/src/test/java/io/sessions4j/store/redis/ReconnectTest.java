package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RedisStoreBehaviour.join;
import static io.sessions4j.store.redis.RedisStoreBehaviour.newId;
import static io.sessions4j.store.redis.RedisStoreBehaviour.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code maxReconnectDelay}: after Redis was gone long enough for Lettuce's default back-off to
 * reach several seconds (it doubles up to 30 s), the store still talks to a restarted Redis within
 * about the configured bound.
 */
class ReconnectTest {

  @Test
  void reconnectsWithinTheBoundAfterALongOutage() throws Exception {
    Duration bound = Duration.ofMillis(300);
    try (PrivateRedis redis = PrivateRedis.standalone();
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("reconnect:")
            .commandTimeout(Duration.ofMillis(500)).maxReconnectDelay(bound).build()) {
      StoredSession before = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
      assertThat(join(store.save(before, StoredSession.NEW))).isTrue();

      redis.kill();
      // 8.5 s down: Lettuce's default back-off would now wait about 8 s before its next attempt
      long downUntil = System.nanoTime() + Duration.ofMillis(8500).toNanos();
      while (System.nanoTime() < downUntil) {
        assertThatThrownBy(() -> join(store.get(before.id()))).isNotNull();
        Thread.sleep(200);
      }
      redis.restart();
      long up = System.nanoTime();
      Duration waited = null;
      while (waited == null && System.nanoTime() - up < Duration.ofSeconds(20).toNanos()) {
        try {
          join(store.get(newId())); // the restarted server is empty (nothing kept on disk)
          waited = Duration.ofNanos(System.nanoTime() - up);
        } catch (Exception e) {
          Thread.sleep(20);
        }
      }
      System.out.println("ReconnectTest: back " + (waited == null ? "never" : waited.toMillis() + " ms")
          + " after the restart, maxReconnectDelay " + bound.toMillis() + " ms");
      assertThat(waited).as("time until the store answered again after Redis restarted")
          .isNotNull().isLessThan(bound.plusMillis(1700));
    }
  }

  @Test
  void theDefaultBoundLeavesRoomForAFirstSuccessWithinASecondOfRedissReturn() {
    // the outage drills' target (issue 19): the breaker's probe succeeds on the first call after
    // the reconnect, so the reconnect itself must come well within 1 s of Redis answering
    assertThat(RedisSessionStore.builder().maxReconnectDelay).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void maxReconnectDelayMustBePositive() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:6379").maxReconnectDelay(Duration.ZERO).build())
        .hasMessageContaining("maxReconnectDelay must be a positive duration");
  }
}
