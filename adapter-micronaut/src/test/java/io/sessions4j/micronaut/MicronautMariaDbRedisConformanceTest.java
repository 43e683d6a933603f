package io.sessions4j.micronaut;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import io.sessions4j.micronaut.harness.MicronautHarness;
import java.net.URI;

/**
 * The whole conformance kit against the Micronaut adapter with the {@code store-jdbc} profile on
 * the real MariaDB and {@code store-redis} on the real Redis (skipped outside CI when they are not
 * running).
 */
class MicronautMariaDbRedisConformanceTest extends ConformanceSuite {
  private MicronautHarness harness;

  @Override
  protected URI startHarness() {
    harness = MicronautHarness.start(0, KitEnvironment.mariaDbAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }
}
