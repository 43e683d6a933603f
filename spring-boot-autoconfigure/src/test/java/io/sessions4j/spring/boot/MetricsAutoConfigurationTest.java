package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.testing.TestExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code sessions4j.*} meters are there as soon as the application has a {@link MeterRegistry};
 * the binding to the registry is Boot's (its {@code MeterBinder} handling), done here by hand as
 * the runner has no actuator metrics configuration.
 */
class MetricsAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsMetricsAutoConfiguration.class));

  @Test
  void aMeterRegistryBringsTheSessionMeters() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      context.getBean(SessionMetrics.class).bindTo(registry);
      SessionManager manager = context.getBean(SessionManager.class);

      ActuatorTest.sessionOf(manager, "ada");
      manager.load(TestExchange.withCookieHeader("sid=forged.token")).toCompletableFuture().join();

      assertThat(registry.get("sessions4j.sessions.created").tags("store", "memory").counter().count()).isEqualTo(1);
      assertThat(registry.get("sessions4j.ids.rejected").counters()).isNotEmpty();
      assertThat(registry.get("sessions4j.sessions.active").gauge().value()).isEqualTo(1);
    });
  }

  @Test
  void noMeterRegistryNoMeters() {
    runner.run(context -> assertThat(context).doesNotHaveBean(SessionMetrics.class));
  }

  @Test
  void theyCanBeTurnedOff() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("sessions4j.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SessionMetrics.class));
  }
}
