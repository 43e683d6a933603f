package io.sessions4j.conformance.stores.outage;

import io.sessions4j.store.redis.RedisSessionStore;
import org.junit.jupiter.api.Test;

/**
 * A private Redis (append-only file, fsync always) is killed with SIGKILL under load and started
 * again; see {@link OutageDrill} for what is checked.
 */
class RedisOutageTest {

  @Test
  void killedUnderLoadAndRestarted() throws Exception {
    try (PrivateServer.Redis redis = PrivateServer.redis()) {
      redis.start();
      try (RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).build()) {
        OutageDrill.run("Redis", redis, store).check();
      }
    }
  }
}
