package io.sessions4j.helidon;

import io.helidon.metrics.api.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.SessionMetrics;

/**
 * The {@code sessions4j.*} meters in Helidon's metrics: binds {@link SessionMetrics} to the
 * Micrometer registry under Helidon's global registry, so they show at {@code /observe/metrics}
 * with the application's other meters. Needs {@code helidon-metrics-providers-micrometer} (Helidon's
 * Micrometer-backed metrics) and {@code io.sessions4j:session-micrometer}.
 *
 * <pre>{@code
 * SessionMetrics metrics = HelidonSessionMetrics.bind(sessions.manager());
 * }</pre>
 */
public final class HelidonSessionMetrics {
  private HelidonSessionMetrics() {}

  /**
   * Binds the engine's meters to Helidon's global registry.
   *
   * @return the binding; {@link SessionMetrics#close()} stops it
   * @throws IllegalStateException when Helidon's metrics are not Micrometer-backed
   */
  public static SessionMetrics bind(SessionManager manager) {
    MeterRegistry registry;
    try {
      registry = Metrics.globalRegistry().unwrap(MeterRegistry.class);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Helidon's metrics registry is not Micrometer's: add "
          + "io.helidon.metrics.providers:helidon-metrics-providers-micrometer to the application", e);
    }
    if (registry == null) {
      throw new IllegalStateException("Helidon's metrics registry is not Micrometer's: add "
          + "io.helidon.metrics.providers:helidon-metrics-providers-micrometer to the application");
    }
    SessionMetrics metrics = new SessionMetrics(manager);
    metrics.bindTo(registry);
    return metrics;
  }
}
