package io.sessions4j.spring.harness;

import io.sessions4j.conformance.kit.ConformanceSuite;
import java.net.URI;
import java.util.Map;

/** The whole conformance kit against the Spring Boot harness on Boot 3.5, as {@code scripts/harness spring-boot} runs it (memory store profiles). */
class Boot3ConformanceTest extends ConformanceSuite {
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
