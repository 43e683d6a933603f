package io.sessions4j.spring.harness;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import java.net.URI;

/**
 * The whole conformance kit against the Spring Boot 3.5 harness with the {@code store-jdbc} profile
 * on the real MariaDB and {@code store-redis} on the real Redis (skipped outside CI when they are
 * not running).
 */
class Boot3MariaDbRedisConformanceTest extends ConformanceSuite {
  private BootHarness.Running harness;

  @Override
  protected URI startHarness() {
    harness = BootHarness.start(0, KitEnvironment.mariaDbAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }
}
