package io.sessions4j.spring.harness;

import io.sessions4j.conformance.kit.ConformanceSuite;
import java.net.URI;
import java.util.Map;

/** The whole conformance kit against the Spring Boot harness on Boot 4.0 (memory store profiles). */
class Boot4ConformanceTest extends ConformanceSuite {
  private BootHarness.Running harness;

  @Override
  protected URI startHarness() {
    harness = BootHarness.start(0, Map.of());
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
