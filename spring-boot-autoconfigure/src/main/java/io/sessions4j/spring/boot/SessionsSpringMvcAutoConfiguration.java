package io.sessions4j.spring.boot;

import io.sessions4j.spring.web.SpringMvcSessions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Spring MVC on sessions4j, when Spring MVC and {@code session-spring-security} are on the
 * classpath: flash attributes ({@code RedirectAttributes}, kept in the session as {@code FlashMap}s)
 * read back as flash maps in every store and in cookie mode.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnClass(name = {
    "org.springframework.web.servlet.FlashMap",
    "io.sessions4j.spring.web.SpringMvcSessions"})
public class SessionsSpringMvcAutoConfiguration {

  /** Applies {@link SpringMvcSessions#configure}, before the application's customizers. */
  @Bean
  @Order(SessionsSecurityAutoConfiguration.CUSTOMIZER_ORDER)
  @ConditionalOnMissingBean(name = "sessions4jSpringMvcCustomizer")
  public SessionConfigCustomizer sessions4jSpringMvcCustomizer() {
    return SpringMvcSessions::configure;
  }
}
