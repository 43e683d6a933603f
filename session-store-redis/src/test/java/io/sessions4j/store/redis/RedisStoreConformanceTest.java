package io.sessions4j.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.conformance.store.StoreConformanceSuite;
import io.sessions4j.core.store.SessionStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The project's store conformance suite (BEHAVIOURS.md family S, versioned writes, concurrency
 * through the engine) against the Redis store on the shared server. One Lettuce client is shared by
 * the stores of all checks; each check's store opens and closes its own connection on it.
 */
class RedisStoreConformanceTest extends StoreConformanceSuite {
  private final String prefix = LocalRedis.uniquePrefix(getClass());
  private RedisClient client;
  private StatefulRedisConnection<String, String> admin;

  @Override
  protected void requireServer() {
    RealServers.requireRedis();
  }

  @Override
  protected SessionStore createStore() {
    if (client == null) {
      client = RedisClient.create(LocalRedis.uri());
      admin = client.connect();
    }
    return RedisSessionStore.builder().client(client).keyPrefix(prefix).build();
  }

  /** Redis expires keys by their TTL; a record written already expired is deleted by the write. */
  @Override
  protected void removeExpired(SessionStore store) {}

  /** The raw key, ignoring the record's own expiresAt. */
  @Override
  protected boolean holdsRecord(SessionStore store, String id) {
    return admin.sync().exists(prefix + "s:{" + id + "}") == 1;
  }

  /**
   * Expired events need keyspace notifications the shared server does not publish (the store never
   * turns them on), and a record written already expired is deleted by the write, which Redis
   * reports as a deletion, not an expiry. ExpiredEventsTest covers the events on a server that
   * publishes them.
   */
  @Override
  protected boolean reportsExpiry() {
    return false;
  }

  @AfterAll
  void closeClient() throws Exception {
    if (client != null) {
      try (RedisSessionStore cleaner = RedisSessionStore.builder().client(client).keyPrefix(prefix).build()) {
        await(cleaner.clear());
      }
      admin.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
