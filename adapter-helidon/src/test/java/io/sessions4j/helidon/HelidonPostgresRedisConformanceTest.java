package io.sessions4j.helidon;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import io.sessions4j.helidon.harness.HelidonHarness;
import java.net.URI;

/**
 * The entire conformance kit against the Helidon harness with the {@code store-jdbc} profile on the
 * real PostgreSQL and {@code store-redis} on the real Redis (skipped outside CI when they are not
 * running).
 */
class HelidonPostgresRedisConformanceTest extends ConformanceSuite {
  private HelidonHarness harness;

  @Override
  protected URI startHarness() {
    harness = HelidonHarness.start(0, KitEnvironment.postgresAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }
}
