package io.sessions4j.quarkus.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.SessionMetrics;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The test application's metrics, as the adapter's README tells applications to add them: a {@link
 * SessionMetrics} bean (a {@code MeterBinder}, which quarkus-micrometer binds to its registry), and
 * a {@link SimpleMeterRegistry} bean for the test to read (Quarkus adds registry beans to its global
 * composite).
 */
@Singleton
public class MetricsProducer {

  @Produces
  @Singleton
  public SessionMetrics sessionMetrics(SessionManager manager) {
    return new SessionMetrics(manager);
  }

  @Produces
  @Singleton
  public SimpleMeterRegistry simpleMeterRegistry() {
    return new SimpleMeterRegistry();
  }
}
