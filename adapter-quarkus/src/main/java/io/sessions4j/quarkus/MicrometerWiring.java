package io.sessions4j.quarkus;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.micrometer.ObservedSessionStore;
import io.sessions4j.micrometer.SessionMetrics;
import jakarta.enterprise.inject.Any;

/**
 * The part of {@link SessionsObservability} that uses Micrometer and session-micrometer types:
 * loaded only after it checked they are on the classpath, so an application without them never
 * links it. Not a bean.
 */
final class MicrometerWiring {
  private MicrometerWiring() {}

  /**
   * Binds the engine's meters to Micrometer's global registry, the composite into which
   * quarkus-micrometer puts every registry it runs (and to which it binds {@code MeterBinder}
   * beans); {@code null} when the application binds a {@link SessionMetrics} bean of its own.
   */
  static AutoCloseable bindMeters(SessionManager manager) {
    if (!Arc.container().select(SessionMetrics.class, Any.Literal.INSTANCE).isUnsatisfied()) {
      return null;
    }
    SessionMetrics metrics = new SessionMetrics(manager);
    metrics.bindTo(Metrics.globalRegistry);
    return metrics;
  }

  /**
   * {@code store} observed in the application's {@link ObservationRegistry} bean; as is without one,
   * and for the memory store (as {@link ObservedSessionStore#observe} decides for the other adapters:
   * its calls take nanoseconds and cross no process boundary worth a span).
   */
  static SessionStore observed(SessionStore store, String storeName) {
    InjectableInstance<ObservationRegistry> registry = Arc.container().select(ObservationRegistry.class);
    if (!registry.isResolvable() || store instanceof ObservedSessionStore || store instanceof MemoryStore
        || registry.get().isNoop()) {
      return store;
    }
    return ObservedSessionStore.wrap(store, storeName, registry.get());
  }
}
