package io.sessions4j.vertx;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.vertx.harness.VertxHarness;
import java.net.URI;

/** The whole conformance kit against the harness {@code scripts/harness vertx} runs: the {@link SessionRouteFilter} on a plain Vert.x router. */
class VertxConformanceTest extends ConformanceSuite {
  private VertxHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = VertxHarness.start(0);
    return harness.uri();
  }

  @Override
  protected void stopHarness() throws Exception {
    harness.close();
  }

  @Override
  protected boolean scanLogsForSecrets() {
    return true;
  }
}
