package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link SessionsEndpoint} when Spring Boot Actuator is present and the endpoint is available
 * (exposed: {@code management.endpoints.web.exposure.include=sessions4j}). Actuator's endpoint API
 * is the same in Boot 3 and 4.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
    "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@EnableConfigurationProperties(SessionsEndpointProperties.class)
public class SessionsEndpointAutoConfiguration {

  /** The endpoint over the engine's store (the actuator condition is here, behind the class guard above). */
  @Bean
  @ConditionalOnAvailableEndpoint(SessionsEndpoint.class)
  @ConditionalOnBean(SessionManager.class)
  @ConditionalOnMissingBean
  public SessionsEndpoint sessions4jEndpoint(SessionManager manager, SessionsEndpointProperties properties) {
    return new SessionsEndpoint(manager, properties.isShowIds());
  }
}
