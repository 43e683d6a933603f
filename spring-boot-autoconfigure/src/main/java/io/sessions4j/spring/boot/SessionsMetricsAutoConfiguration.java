package io.sessions4j.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micrometer.SessionMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The engine's {@code sessions4j.*} meters ({@link SessionMetrics}, a {@code MeterBinder} that Boot
 * binds to its registry) when the application has a {@link MeterRegistry} — Spring Boot Actuator —
 * and {@code session-micrometer} is on the classpath (the starter brings it). Off with {@code
 * sessions4j.metrics.enabled=false}. Ordered after Boot's registry configuration of Boot 3 and Boot 4.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.sessions4j.micrometer.SessionMetrics"})
@ConditionalOnProperty(prefix = "sessions4j.metrics", name = "enabled", matchIfMissing = true)
public class SessionsMetricsAutoConfiguration {

  /** The engine's meters; Boot binds every {@code MeterBinder} bean to its registry. */
  @Bean
  @ConditionalOnBean({SessionManager.class, MeterRegistry.class})
  @ConditionalOnMissingBean
  public SessionMetrics sessions4jMetrics(SessionManager manager) {
    return new SessionMetrics(manager);
  }
}
