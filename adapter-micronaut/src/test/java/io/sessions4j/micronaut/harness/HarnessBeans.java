package io.sessions4j.micronaut.harness;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.sessions4j.conformance.harness.ConformanceHarness;
import jakarta.inject.Singleton;

/** The kit's per-profile sessions, shared by the harness filter and controller. */
@Factory
@Requires(property = "spec.name", value = MicronautHarness.SPEC)
class HarnessBeans {

  @Singleton
  @Bean(preDestroy = "close")
  ConformanceHarness conformanceHarness(MicronautHarness.HarnessEnvironment environment) {
    return ConformanceHarness.create(environment.variables());
  }
}
