package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 4.0, store mode, Redis store from {@code spring.data.redis.*}. */
class Boot4RedisLoginTest extends LoginFlowContract {
  @Override
  protected void requireServers() {
    RealServers.requireRedis();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.RedisServer redis = RealServers.requireRedis();
    return Boot4App.start(Map.of(
        "spring.autoconfigure.exclude", Boot4App.NO_DATA_SOURCE,
        "spring.data.redis.url", redis.uri(),
        "sessions4j.store", "redis",
        "sessions4j.redis.key-prefix", Boot4App.REDIS_PREFIX));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
