package io.sessions4j.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/** The store's behaviour on the shared standalone Redis at 127.0.0.1:6379. */
class StandaloneRedisStoreTest extends RedisStoreBehaviour {
  private static RedisClient adminClient;
  private static StatefulRedisConnection<String, String> adminConnection;

  @AfterAll
  static void closeAdmin() {
    if (adminClient != null) {
      adminConnection.close();
      adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      adminClient = null;
      adminConnection = null;
    }
  }

  @Override
  protected RedisSessionStore newStore(String prefix) {
    return newStoreWithGrace(prefix, Duration.ZERO);
  }

  @Override
  protected RedisSessionStore newStoreWithGrace(String prefix, Duration grace) {
    return RedisSessionStore.builder().uri(LocalRedis.uri()).keyPrefix(prefix).indexPruneGrace(grace).build();
  }

  /** Opened on first use, inside a test: a missing server then skips (or fails) each test visibly. */
  @Override
  protected RedisClusterCommands<String, String> admin() {
    if (adminConnection == null) {
      adminClient = RedisClient.create(LocalRedis.uri());
      adminConnection = adminClient.connect();
    }
    return adminConnection.sync();
  }
}
