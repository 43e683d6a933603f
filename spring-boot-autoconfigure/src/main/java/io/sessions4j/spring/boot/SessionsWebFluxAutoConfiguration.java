package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Reactive applications (Spring WebFlux): the bean {@code webSessionManager} is the WebFlux
 * adapter's {@link SessionsWebSessionManager} on the engine, so {@code ServerWebExchange.getSession()}
 * and Spring Security's reactive session use (security context, CSRF token, saved request) are
 * sessions4j sessions; and a {@link SessionFailureHandler} answers store outages with 503 and {@code
 * Retry-After}, ahead of Boot's error handler. Runs before Boot's WebFlux auto-configuration (Boot 3
 * and Boot 4 packages, named as strings), whose own {@code webSessionManager} then backs off. Declare
 * your own {@code webSessionManager} bean to replace it.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class, beforeName = {
    "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration",
    "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({SessionsWebSessionManager.class, WebHttpHandlerBuilder.class})
@ConditionalOnBean(SessionManager.class)
public class SessionsWebFluxAutoConfiguration {

  /** The session manager WebFlux uses for every exchange, on the engine bean (which the context closes). */
  @Bean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
  @ConditionalOnMissingBean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
  public SessionsWebSessionManager webSessionManager(SessionManager manager) {
    return new SessionsWebSessionManager(manager);
  }

  /** 503 with {@code Retry-After} for a store outage, 500 for a session too large for its cookie. */
  @Bean
  @ConditionalOnMissingBean
  public SessionFailureHandler sessions4jFailureHandler() {
    return new SessionFailureHandler();
  }
}
