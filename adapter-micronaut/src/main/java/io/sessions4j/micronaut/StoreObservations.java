package io.sessions4j.micronaut;

import io.micrometer.observation.ObservationRegistry;
import io.micronaut.context.annotation.Requires;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.micrometer.ObservedSessionStore;
import jakarta.inject.Singleton;

/**
 * Traces of the store's calls without code: when the application has an {@link
 * ObservationRegistry} bean ({@code micronaut-micrometer-observation}, which Micronaut's tracing
 * modules bridge to OpenTelemetry or Brave), {@link SessionFactory} wraps the store the
 * configuration chose in an {@link ObservedSessionStore}, so every store call is an Observation
 * {@code sessions4j.store} — a span of the request's trace. The memory store is never wrapped.
 * Needs {@code io.sessions4j:session-micrometer}; off with {@code
 * micrometer.observation.sessions4j.enabled=false}.
 */
@Singleton
@Requires(classes = {ObservationRegistry.class, ObservedSessionStore.class})
@Requires(beans = ObservationRegistry.class)
@Requires(property = "micrometer.observation.sessions4j.enabled", notEquals = "false")
public class StoreObservations {
  private final ObservationRegistry registry;

  /** Observations in {@code registry}. */
  public StoreObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /** {@code store} observed in the application's registry; {@code store} itself when it is the memory store or none. */
  public SessionStore observe(SessionStore store) {
    return ObservedSessionStore.observe(store, registry);
  }
}
