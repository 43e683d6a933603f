package io.sessions4j.nodeinterop;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;
import java.util.Map;

/** express-session + connect-redis (Node) and sessions4j + {@link ConnectRedisStore} on one Redis. */
class ExpressRedisInteropTest extends ExpressInteropContract {
  private RealServers.RedisServer redis;

  @Override
  SessionStore openStore() {
    redis = RealServers.requireRedis();
    return ConnectRedisStore.builder().uri(redis.uri()).build();
  }

  @Override
  Map<String, String> nodeStoreEnv() {
    return Map.of("STORE", "redis", "REDIS_URL", redis.uri());
  }
}
