package io.sessions4j.webflux;

import io.sessions4j.conformance.kit.ConformanceSuite;
import io.sessions4j.webflux.harness.WebFluxHarness;
import java.net.URI;

/** The whole conformance kit against the WebFlux adapter on Reactor Netty, in-process. */
class WebFluxConformanceTest extends ConformanceSuite {
  WebFluxHarness harness;

  @Override
  protected URI startHarness() {
    harness = WebFluxHarness.start(0);
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
