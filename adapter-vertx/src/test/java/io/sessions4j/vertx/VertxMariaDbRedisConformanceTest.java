package io.sessions4j.vertx;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import io.sessions4j.vertx.harness.VertxHarness;
import java.net.URI;

/**
 * The whole conformance kit against the Vert.x harness with the {@code store-jdbc} profile on the
 * real MariaDB and {@code store-redis} on the real Redis, through the Redis store's Lettuce 6 line
 * (Netty 4.1, as Vert.x 4) (skipped outside CI when the servers are not running).
 */
class VertxMariaDbRedisConformanceTest extends ConformanceSuite {
  private VertxHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = VertxHarness.start(0, KitEnvironment.mariaDbAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }
}
