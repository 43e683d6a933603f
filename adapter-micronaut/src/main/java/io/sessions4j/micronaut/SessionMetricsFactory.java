package io.sessions4j.micronaut;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.SessionMetrics;
import jakarta.inject.Singleton;

/**
 * The engine's {@code sessions4j.*} meters with {@code micronaut-micrometer}: a {@link
 * SessionMetrics} bean, a {@code MeterBinder} that Micronaut binds to its registry. Needs {@code
 * io.sessions4j:session-micrometer} on the classpath; off with {@code
 * micronaut.metrics.binders.sessions4j.enabled=false}, as Micronaut's own binders.
 */
@Factory
@Requires(classes = {MeterRegistry.class, SessionMetrics.class})
@Requires(beans = SessionManager.class)
@Requires(property = "micronaut.metrics.enabled", notEquals = "false")
@Requires(property = "micronaut.metrics.binders.sessions4j.enabled", notEquals = "false")
public class SessionMetricsFactory {

  /** The meters of the application's engine. */
  @Singleton
  public SessionMetrics sessionMetrics(SessionManager manager) {
    return new SessionMetrics(manager);
  }
}
