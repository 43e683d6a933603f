package io.sessions4j.conformance.stores;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;

/**
 * Makes the store behind the kit's {@code node-express-redis} profile: connect-redis's layout
 * (prefix {@code sess:}) on {@code SESSIONS4J_REDIS_URI} (kind {@code "connect-redis"}), where an
 * Express app with express-session and connect-redis configured the same way shares its sessions.
 */
public final class ConnectRedisStoreFactory implements StoreFactory {

  @Override
  public String kind() {
    return "connect-redis";
  }

  @Override
  public SessionStore create(String url) {
    return ConnectRedisStore.builder().uri(url).build();
  }
}
