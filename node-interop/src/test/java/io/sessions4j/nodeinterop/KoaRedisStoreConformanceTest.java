package io.sessions4j.nodeinterop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.conformance.store.StoreConformanceSuite;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.KoaRedisStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The store conformance suite against {@link KoaRedisStore} on the real Redis, under a key prefix of
 * its own (the suite's ids are not UUIDs, so the admin scan is given the prefix). The checks a
 * guarantee the layout cannot keep depends on are skipped with the store's reason ({@code LayoutLimits}).
 */
class KoaRedisStoreConformanceTest extends StoreConformanceSuite {
  static final String PREFIX = "conformance-koa.";
  private RedisClient client;
  private StatefulRedisConnection<String, String> admin;

  @Override
  protected void requireServer() {
    RealServers.requireRedis();
  }

  @Override
  protected SessionStore createStore() {
    if (client == null) {
      client = RedisClient.create(RealServers.requireRedis().uri());
      admin = client.connect();
    }
    return KoaRedisStore.builder().uri(RealServers.requireRedis().uri()).keyPrefix(PREFIX).scanPattern(PREFIX + "*")
        .build();
  }

  /** Redis expires keys by their TTL; a record written already expired is deleted by the write. */
  @Override
  protected void removeExpired(SessionStore store) {}

  @Override
  protected boolean holdsRecord(SessionStore store, String id) {
    return admin.sync().exists(PREFIX + id) == 1;
  }

  @AfterAll
  void closeClient() throws Exception {
    if (client != null) {
      admin.sync().keys(PREFIX + "*").forEach(k -> admin.sync().del(k));
      admin.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
