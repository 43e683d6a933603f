package io.sessions4j.webflux;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import io.sessions4j.webflux.harness.WebFluxHarness;
import java.net.URI;

/**
 * The whole conformance kit against the WebFlux adapter with the {@code store-jdbc} profile on the
 * real MariaDB and {@code store-redis} on the real Redis (skipped outside CI when they are not
 * running).
 */
class WebFluxMariaDbRedisConformanceTest extends ConformanceSuite {
  private WebFluxHarness harness;

  @Override
  protected URI startHarness() {
    harness = WebFluxHarness.start(0, KitEnvironment.mariaDbAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }
}
