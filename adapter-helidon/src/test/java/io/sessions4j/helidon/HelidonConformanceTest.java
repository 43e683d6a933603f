package io.sessions4j.helidon;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.helidon.harness.HelidonHarness;
import java.net.URI;

/** The entire conformance kit against the Helidon harness, in-process. */
class HelidonConformanceTest extends ConformanceSuite {
  private HelidonHarness harness;

  @Override
  protected URI startHarness() {
    harness = HelidonHarness.start(0);
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    if (harness != null) {
      harness.close();
    }
  }

  @Override
  protected boolean scanLogsForSecrets() {
    return true;
  }
}
