package io.sessions4j.examples.jdk;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import java.net.URI;

/**
 * The whole conformance kit against the JDK-server adapter with the {@code store-jdbc} profile on
 * the real PostgreSQL and {@code store-redis} on the real Redis (skipped outside CI when they are
 * not running).
 */
class JdkPostgresRedisConformanceTest extends ConformanceSuite {
  private JdkHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = new JdkHarness(0, KitEnvironment.postgresAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    harness.close();
  }
}
