package io.sessions4j.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Metrics and traces with no application code. When the application has {@code quarkus-micrometer}
 * and {@code io.sessions4j:session-micrometer}, the engine's {@code sessions4j.*} meters are bound
 * to Quarkus's registries at startup, and when it has an {@code ObservationRegistry} bean, the
 * {@link SessionStore} bean the property-built configuration uses (JDBC, Redis) is wrapped so that
 * each store call is an Observation (a span through a tracing bridge). Both dependencies are
 * optional: without them this class loads none of their types and does nothing.
 *
 * <p>{@code sessions4j.metrics.enabled=false} turns the meters off, {@code
 * sessions4j.tracing.enabled=false} the observations. An application that produces its own {@code
 * SessionMetrics} bean (what the adapter's README used to ask for) keeps it and gets no second one.
 */
@Singleton
public class SessionsObservability {
  /** Turns the {@code sessions4j.*} meters off ({@code false}); default {@code true}. */
  public static final String METRICS_ENABLED = "metrics.enabled";
  /** Turns the store-call observations off ({@code false}); default {@code true}. */
  public static final String TRACING_ENABLED = "tracing.enabled";
  /** The adapter's own options under {@code sessions4j.}, which are not engine options. */
  static final Set<String> OPTIONS = Set.of(METRICS_ENABLED, TRACING_ENABLED);

  private static final Logger LOG = Logger.getLogger(SessionsObservability.class);
  private static final boolean MICROMETER = present("io.micrometer.core.instrument.MeterRegistry")
      && present("io.sessions4j.micrometer.SessionMetrics");
  private static final boolean QUARKUS_MICROMETER = MICROMETER
      && present("io.quarkus.micrometer.runtime.MicrometerRecorder");

  private volatile AutoCloseable meters;

  void bindMeters(@Observes StartupEvent started, SessionManager manager, SessionsConfig config) {
    if (!enabled(config.options(), METRICS_ENABLED) || !QUARKUS_MICROMETER) {
      return;
    }
    meters = MicrometerWiring.bindMeters(manager);
    if (meters != null) {
      LOG.debugf("sessions4j.* meters bound to Quarkus's meter registries");
    }
  }

  void unbindMeters(@Observes ShutdownEvent stopped) throws Exception {
    AutoCloseable bound = meters;
    if (bound != null) {
      bound.close();
    }
  }

  /**
   * {@code store}, observed when Micrometer's Observation API, session-micrometer and an {@code
   * ObservationRegistry} bean are there and {@code tracing.enabled} is not {@code false}.
   */
  static SessionStore observed(SessionStore store, Map<String, String> options) {
    if (!enabled(options, TRACING_ENABLED) || !MICROMETER) {
      return store;
    }
    return MicrometerWiring.observed(store, storeName(store));
  }

  /** The {@code store} key of a store's observations: {@code RedisSessionStore} is {@code redis}. */
  static String storeName(SessionStore store) {
    String name = store.getClass().getSimpleName().replaceFirst("(Session)?Store$", "");
    return (name.isEmpty() ? store.getClass().getSimpleName() : name).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a boolean option is on (absent: on).
   *
   * @throws IllegalArgumentException naming the property when its value is not {@code true} or {@code false}
   */
  static boolean enabled(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("sessions4j configuration: Invalid value for 'sessions4j." + name + "': '" + value
        + "' — expected true or false");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SessionsObservability.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
