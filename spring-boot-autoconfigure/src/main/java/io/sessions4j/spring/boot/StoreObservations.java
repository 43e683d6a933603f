package io.sessions4j.spring.boot;

import io.micrometer.observation.ObservationRegistry;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.micrometer.ObservedSessionStore;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Makes the engine's store calls Micrometer Observations when the application has an {@link
 * ObservationRegistry} (Spring Boot Actuator makes one; with Micrometer Tracing each store call is
 * then a span of the request's trace, and Boot's meter handler adds a {@code sessions4j.store}
 * timer): the store the properties select, or the application's {@code SessionStore} bean, is
 * wrapped in {@link ObservedSessionStore} before the engine is built. The memory store is never
 * wrapped. A bean of {@link SessionsObservationAutoConfiguration}; off with {@code
 * sessions4j.tracing.enabled=false}. An application that defines its own {@code SessionConfig}
 * or {@code SessionManager} wraps its store itself ({@link ObservedSessionStore#observe}).
 */
public final class StoreObservations {
  private final ObjectProvider<ObservationRegistry> registry;

  StoreObservations(ObjectProvider<ObservationRegistry> registry) {
    this.registry = registry;
  }

  /** {@code store} observed in the application's registry; {@code store} itself without one, or when it is the memory store. */
  public SessionStore observe(SessionStore store) {
    ObservationRegistry found = registry.getIfAvailable();
    return found == null ? store : ObservedSessionStore.observe(store, found);
  }

  /** The store an {@link ObservedSessionStore} observes; any other store as it is. */
  static SessionStore unobserved(SessionStore store) {
    return store instanceof ObservedSessionStore observed ? observed.delegate() : store;
  }
}
