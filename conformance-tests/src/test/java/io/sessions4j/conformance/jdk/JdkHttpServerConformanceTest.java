package io.sessions4j.conformance.jdk;

import io.sessions4j.conformance.kit.ConformanceSuite;
import java.net.URI;

/** The whole kit against the core on the JDK's built-in HTTP server. */
class JdkHttpServerConformanceTest extends ConformanceSuite {
  private JdkHttpServerHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = JdkHttpServerHarness.start(0);
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
