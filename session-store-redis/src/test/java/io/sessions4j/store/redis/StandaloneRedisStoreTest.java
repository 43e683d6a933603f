package io.sessions4j.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store's behaviour on the shared standalone Redis at 127.0.0.1:6379. */
class StandaloneRedisStoreTest extends RedisStoreBehaviour {
  private static RedisClient adminClient;
  private static StatefulRedisConnection<String, String> adminConnection;

  @BeforeAll
  static void connectAdmin() {
    adminClient = RedisClient.create(LocalRedis.uri());
    adminConnection = adminClient.connect();
  }

  @AfterAll
  static void closeAdmin() {
    if (adminClient != null) {
      adminConnection.close();
      adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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

  @Override
  protected RedisClusterCommands<String, String> admin() {
    return adminConnection.sync();
  }
}
