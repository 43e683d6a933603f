package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spring.security.SpringSecuritySessions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.session.SessionRegistry;

/** Each part of the starter needs only its own libraries: without them it stays out, and the rest works. */
class OptionalDependenciesTest {
  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsServletAutoConfiguration.class,
          SessionsSecurityAutoConfiguration.class, SessionsEndpointAutoConfiguration.class,
          SessionsHealthAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=sessions4j");

  @Test
  void everythingWithEverythingPresent() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(SessionManager.class).hasSingleBean(SessionsEndpoint.class)
          .hasBean(SessionsHealthAutoConfiguration.BEAN_NAME).hasSingleBean(SessionRegistry.class)
          .hasBean("sessions4jFilter");
    });
  }

  @Test
  void withoutActuator() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
            "org.springframework.boot.health"))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SessionManager.class).hasBean("sessions4jFilter");
          assertThat(context).doesNotHaveBean(SessionsEndpoint.class)
              .doesNotHaveBean(SessionsHealthAutoConfiguration.BEAN_NAME);
        });
  }

  @Test
  void withoutTheServletAdapter() {
    runner.withClassLoader(new FilteredClassLoader(SessionFilter.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SessionManager.class);
      assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
    });
  }

  @Test
  void withoutSessionSpringSecurity() {
    runner.withClassLoader(new FilteredClassLoader(SpringSecuritySessions.class)).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(SessionRegistry.class);
      assertThat(context.getBean(SessionConfig.class).principalAttribute()).isNull();
    });
  }
}
