package io.sessions4j.spring.e2e.app;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on the Redis store from {@code spring.data.redis.*}; a subclass per Boot line names the line. */
public abstract class RedisLogin extends LoginFlowContract {
  /** The Boot line this run is on. */
  protected abstract BootLine line();

  @Override
  protected void requireServers() {
    RealServers.requireRedis();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.RedisServer redis = RealServers.requireRedis();
    return LoginApp.start(Map.of(
        "spring.autoconfigure.exclude", line().noDataSource(),
        "spring.data.redis.url", redis.uri(),
        "sessions4j.store", "redis",
        "sessions4j.redis.key-prefix", line().redisPrefix()));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }

  @Override
  protected boolean observedStore() {
    return true;
  }
}
