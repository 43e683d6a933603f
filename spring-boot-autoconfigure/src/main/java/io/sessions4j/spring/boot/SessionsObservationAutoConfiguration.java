package io.sessions4j.spring.boot;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Traces of the store's calls without code: when Micrometer's Observation API and {@code
 * session-micrometer} are on the classpath (the starter brings the latter; Actuator the former),
 * {@link StoreObservations} wraps the engine's store in an {@code ObservedSessionStore} on the
 * application's {@link ObservationRegistry} bean, if it has one (looked up when the engine is
 * configured, so no ordering against Boot's observation configuration is needed). Off with {@code
 * sessions4j.tracing.enabled=false}. Boot 3 and Boot 4 alike: only Micrometer types are used.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"io.micrometer.observation.ObservationRegistry", "io.sessions4j.micrometer.ObservedSessionStore"})
@ConditionalOnProperty(prefix = "sessions4j.tracing", name = "enabled", matchIfMissing = true)
public class SessionsObservationAutoConfiguration {

  /** Wraps the engine's store when the application has an {@link ObservationRegistry}. */
  @Bean
  @ConditionalOnMissingBean
  public StoreObservations sessions4jStoreObservations(ObjectProvider<ObservationRegistry> registry) {
    return new StoreObservations(registry);
  }
}
