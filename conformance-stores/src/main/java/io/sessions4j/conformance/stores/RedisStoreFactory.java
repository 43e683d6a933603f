package io.sessions4j.conformance.stores;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.RedisSessionStore;

/**
 * Makes the Redis store behind the kit's {@code store-redis} profile from {@code
 * SESSIONS4J_REDIS_URI} (kind {@code "redis"}, registered for {@link java.util.ServiceLoader}), e.g.
 * {@code redis://127.0.0.1:6379}. Keys live under the prefix {@code sessions4j-kit:}; concurrent
 * runs may share it, since every session has its own random id.
 */
public final class RedisStoreFactory implements StoreFactory {
  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public SessionStore create(String uri) {
    return RedisSessionStore.builder().uri(uri).keyPrefix("sessions4j-kit:").build();
  }
}
