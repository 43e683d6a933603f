package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code sessions4j} health contributor ({@code /actuator/health/sessions4j}; off with {@code
 * management.health.sessions4j.enabled=false}). Boot 4 moved the health API to its own module and
 * package, so there is one nested configuration per Boot line, each guarded by the class name of
 * its line's {@code HealthIndicator}: only the matching one is ever loaded. The conditions from the
 * health modules sit on the bean methods, which Spring only looks at once the class guard passed.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnBean(SessionManager.class)
public class SessionsHealthAutoConfiguration {

  /** The bean name; define a bean of this name to replace the contributor. */
  public static final String BEAN_NAME = "sessions4jHealthIndicator";

  /** Boot 3: {@code org.springframework.boot.actuate.health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3Health {
    @Bean(name = BEAN_NAME)
    @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("sessions4j")
    @ConditionalOnMissingBean(name = BEAN_NAME)
    Boot3SessionsHealthIndicator sessions4jHealthIndicator(SessionManager manager) {
      return new Boot3SessionsHealthIndicator(manager);
    }
  }

  /** Boot 4: {@code org.springframework.boot.health.contributor} (module spring-boot-health). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4Health {
    @Bean(name = BEAN_NAME)
    @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("sessions4j")
    @ConditionalOnMissingBean(name = BEAN_NAME)
    Boot4SessionsHealthIndicator sessions4jHealthIndicator(SessionManager manager) {
      return new Boot4SessionsHealthIndicator(manager);
    }
  }
}
