package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.RedisSessionStore;

/**
 * A private Redis (append-only file, fsync always) is killed with SIGKILL under load and started
 * again; the store at its defaults. See {@link OutageDrill} for what is checked.
 */
class RedisOutageTest extends StoreOutageTest<PrivateServer.Redis> {

  @Override
  PrivateServer.Redis newServer() {
    return PrivateServer.redis();
  }

  @Override
  SessionStore storeOn(PrivateServer.Redis redis) {
    return RedisSessionStore.builder().uri(redis.uri()).build();
  }
}
