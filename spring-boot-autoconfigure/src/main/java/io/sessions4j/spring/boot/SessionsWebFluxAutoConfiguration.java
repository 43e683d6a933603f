package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
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

  private static final Log LOG = LogFactory.getLog(SessionsWebFluxAutoConfiguration.class);

  /**
   * The session manager WebFlux uses for every exchange, on the engine bean (which the context
   * closes). Boot's own WebFlux session properties are named in a warning: they configure the
   * session manager this one replaces.
   */
  @Bean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
  @ConditionalOnMissingBean(name = WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
  public SessionsWebSessionManager webSessionManager(SessionManager manager, Environment environment) {
    Set<String> webFluxSessions = new TreeSet<>(SessionOptionsReader.namesUnder(environment, "server.reactive.session"));
    webFluxSessions.addAll(SessionOptionsReader.namesUnder(environment, "spring.webflux.session"));
    if (!webFluxSessions.isEmpty()) {
      LOG.warn(webFluxSessions + " configure Spring WebFlux's own sessions, which sessions4j replaces: they have no "
          + "effect on sessions4j sessions. Use the sessions4j.* options (sessions4j.idle-timeout, "
          + "sessions4j.cookie-name, sessions4j.secure, sessions4j.same-site, ...)");
    }
    return new SessionsWebSessionManager(manager);
  }

  /** 503 with {@code Retry-After} for a store outage, 500 for a session too large for its cookie. */
  @Bean
  @ConditionalOnMissingBean
  public SessionFailureHandler sessions4jFailureHandler() {
    return new SessionFailureHandler();
  }
}
