package io.sessions4j.nodeinterop;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.conformance.store.StoreConformanceSuite;
import io.sessions4j.core.store.SessionStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The store conformance suite against a Redis store in a Node package's layout, on the real Redis
 * under a key prefix of the test's own. The checks a guarantee the layout cannot keep depends on
 * are skipped with the store's reason ({@code LayoutLimits}).
 */
abstract class NodeRedisStoreConformance extends StoreConformanceSuite {
  private RedisClient client;
  private StatefulRedisConnection<String, String> admin;

  /** The keys' prefix, this test's own. */
  abstract String prefix();

  /** The store on Redis {@code uri}, its keys under {@link #prefix()}. */
  abstract SessionStore open(String uri);

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
    return open(RealServers.requireRedis().uri());
  }

  /** Redis expires keys by their TTL; a record written already expired is deleted by the write. */
  @Override
  protected void removeExpired(SessionStore store) {}

  /** passport's {@code passport.user}, the store's default principal path. */
  @Override
  protected byte[] documentNaming(String principal) {
    return document("{\"passport\":{\"user\":" + NODES.textNode(principal) + "}}");
  }

  @Override
  protected boolean holdsRecord(SessionStore store, String id) {
    return admin.sync().exists(prefix() + id) == 1;
  }

  @AfterAll
  void closeClient() {
    if (client != null) {
      admin.sync().keys(prefix() + "*").forEach(k -> admin.sync().del(k));
      admin.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
