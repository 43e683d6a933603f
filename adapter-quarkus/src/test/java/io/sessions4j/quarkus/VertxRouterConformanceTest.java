package io.sessions4j.quarkus;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.quarkus.harness.VertxHarnessMain;
import java.net.URI;

/**
 * The whole conformance kit against the harness {@code scripts/harness quarkus} runs: the adapter's
 * {@link SessionRouteFilter} on a plain Vert.x router, without Quarkus's request wrappers.
 */
class VertxRouterConformanceTest extends ConformanceSuite {
  private VertxHarnessMain harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = VertxHarnessMain.start(0);
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
