package io.sessions4j.servlet;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.servlet.harness.ServletHarness;
import java.net.URI;
import java.util.Map;

/**
 * The conformance kit on Jetty with the {@code store-jdbc} profile on the real MariaDB and the
 * {@code store-redis} profile on the real Redis (skipped outside CI when they are not running).
 */
class JettyMariaDbRedisConformanceTest extends ConformanceSuite {
  private ServletHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    RealServers.JdbcServer mariadb = RealServers.requireMariaDb();
    RealServers.RedisServer redis = RealServers.requireRedis();
    harness = ServletHarness.start("jetty", 0, Map.of(
        ConformanceHarness.JDBC_URL_ENV, mariadb.jdbcUrl() + "&user=" + mariadb.username() + "&password=" + mariadb.password(),
        ConformanceHarness.REDIS_URI_ENV, redis.uri()));
    return harness.uri();
  }

  @Override
  protected void stopHarness() throws Exception {
    harness.close();
  }
}
