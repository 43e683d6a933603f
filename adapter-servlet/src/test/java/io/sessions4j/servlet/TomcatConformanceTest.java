package io.sessions4j.servlet;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.servlet.harness.ServletHarness;
import java.net.URI;

/** The conformance kit against the servlet adapter on Tomcat. */
class TomcatConformanceTest extends ConformanceSuite {
  private ServletHarness harness;

  @Override
  protected URI startHarness() throws Exception {
    harness = ServletHarness.start("tomcat", 0);
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
