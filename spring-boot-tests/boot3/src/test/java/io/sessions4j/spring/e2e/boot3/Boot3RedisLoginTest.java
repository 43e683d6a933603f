package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 3.5, store mode, Redis store from {@code spring.data.redis.*}. */
class Boot3RedisLoginTest extends LoginFlowContract {
  @Override
  protected void requireServers() {
    RealServers.requireRedis();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.RedisServer redis = RealServers.requireRedis();
    return Boot3App.start(Map.of(
        "spring.autoconfigure.exclude", Boot3App.NO_DATA_SOURCE,
        "spring.data.redis.url", redis.uri(),
        "sessions4j.store", "redis",
        "sessions4j.redis.key-prefix", Boot3App.REDIS_PREFIX));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
