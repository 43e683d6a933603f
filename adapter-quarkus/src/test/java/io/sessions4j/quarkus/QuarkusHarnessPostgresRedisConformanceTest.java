package io.sessions4j.quarkus;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.conformance.stores.KitEnvironment;
import io.sessions4j.vertx.harness.VertxHarness;
import java.net.URI;

/**
 * The whole conformance kit against what {@code scripts/harness quarkus} runs — adapter-vertx's
 * harness on this module's classpath (Quarkus's Vert.x and Netty 4.1) — with the {@code store-jdbc}
 * profile on the real PostgreSQL and {@code store-redis} on the real Redis through the Redis store's
 * Lettuce 6 line (skipped outside CI when the servers are not running).
 */
class QuarkusHarnessPostgresRedisConformanceTest extends ConformanceSuite {
  private VertxHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = VertxHarness.start(0, KitEnvironment.postgresAndRedis());
    return harness.uri();
  }

  @Override
  protected void stopHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }
}
