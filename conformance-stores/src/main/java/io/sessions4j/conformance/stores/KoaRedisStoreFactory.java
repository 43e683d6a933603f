package io.sessions4j.conformance.stores;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.KoaRedisStore;

/**
 * Makes the store behind the kit's {@code node-koa-redis} profile: koa-redis's layout (koa-session's
 * external store: the session under its UUID key, no prefix) on {@code SESSIONS4J_REDIS_URI} (kind
 * {@code "koa-redis"}), where a Koa app with koa-session and koa-redis configured the same way
 * shares its sessions.
 */
public final class KoaRedisStoreFactory implements StoreFactory {

  @Override
  public String kind() {
    return "koa-redis";
  }

  @Override
  public SessionStore create(String url) {
    return KoaRedisStore.builder().uri(url).build();
  }
}
