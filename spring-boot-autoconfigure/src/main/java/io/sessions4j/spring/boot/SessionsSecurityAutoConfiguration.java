package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.core.config.SessionOptions;
import io.sessions4j.spring.security.SessionsBackedSessionRegistry;
import io.sessions4j.spring.security.SpringSecuritySessions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Spring Security on sessions4j, when both Spring Security and {@code session-spring-security} are
 * on the classpath: Spring Security's objects (security context, CSRF token, saved request, …)
 * stored through its own Jackson modules, sessions indexed by the authenticated user, and a {@link
 * SessionRegistry} over that index, which Spring Security's {@code maximumSessions(n)} picks up by
 * itself (it looks for a {@code SessionRegistry} bean).
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.security.core.session.SessionRegistry",
    "io.sessions4j.spring.security.SpringSecuritySessions"})
public class SessionsSecurityAutoConfiguration {

  /** The order of {@link #sessions4jSpringSecurityCustomizer}: before the application's customizers. */
  public static final int CUSTOMIZER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  /**
   * Applies {@link SpringSecuritySessions#configure}. An explicit {@code sessions4j.principal-attribute}
   * still wins over its principal (the authenticated user's name).
   */
  @Bean
  @Order(CUSTOMIZER_ORDER)
  @ConditionalOnMissingBean(name = "sessions4jSpringSecurityCustomizer")
  public SessionConfigCustomizer sessions4jSpringSecurityCustomizer(Environment environment) {
    String principalAttribute = SessionOptionsReader.valueOf(SessionOptionsReader.sessionOptions(environment),
        SessionOptions.PRINCIPAL_ATTRIBUTE);
    return builder -> {
      SpringSecuritySessions.configure(builder);
      if (principalAttribute != null && !principalAttribute.isBlank()) {
        builder.principalAttribute(principalAttribute.trim());
      }
    };
  }

  /**
   * Cookie mode: Spring Security keeps the request that needed a login in a cookie of its own
   * ({@code CookieRequestCache}, which Spring Security picks up as a bean) instead of the session:
   * its default {@code HttpSessionRequestCache} saves the whole request — headers and cookies, the
   * session cookie among them — which outgrows a cookie-mode session after a page or two. Servlet
   * applications only: WebFlux's request cache keeps just the path, and a reactive application may
   * have no servlet API at all.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.security.web.savedrequest.CookieRequestCache")
  @ConditionalOnProperty(prefix = "sessions4j", name = "mode", havingValue = "cookie")
  static class CookieModeRequestCache {
    @Bean
    @ConditionalOnMissingBean(RequestCache.class)
    RequestCache sessions4jCookieModeRequestCache() {
      return new CookieRequestCache();
    }
  }

  /** Concurrent-session control over the store's principal index (store mode). */
  @Bean
  @ConditionalOnBean(SessionManager.class)
  @ConditionalOnMissingBean(SessionRegistry.class)
  public SessionRegistry sessions4jSessionRegistry(SessionManager manager) {
    return new SessionsBackedSessionRegistry(manager);
  }
}
