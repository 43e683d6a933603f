package io.sessions4j.micronaut;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.micronaut.harness.MicronautHarness;
import java.net.URI;

/** The whole conformance kit against the Micronaut adapter, in-process. */
class MicronautConformanceTest extends ConformanceSuite {
  MicronautHarness harness;

  @Override
  protected URI startHarness() {
    harness = MicronautHarness.start(0);
    return harness.uri();
  }

  @Override
  protected void stopHarness() {
    harness.close();
  }

  @Override
  protected boolean scanLogsForSecrets() {
    return true;
  }
}
