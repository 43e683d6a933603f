package io.sessions4j.examples.jdk;

import io.sessions4j.conformance.kit.ConformanceSuite;
import java.net.URI;

/** The whole conformance kit against the JDK-server adapter. */
class JdkConformanceTest extends ConformanceSuite {
  private JdkHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = new JdkHarness(0);
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
