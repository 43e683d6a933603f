package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.test.util.ReflectionTestUtils;

/** The servlet filter is registered ahead of Spring Security's chain, on the engine bean, and can be replaced. */
class SessionFilterRegistrationTest {
  /** Spring Security's default filter order ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, in Boot 3 and 4). */
  static final int SPRING_SECURITY_ORDER = -100;

  final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsServletAutoConfiguration.class));

  @SuppressWarnings("unchecked")
  static FilterRegistrationBean<SessionFilter> registration(org.springframework.context.ApplicationContext context) {
    return context.getBean("sessions4jFilter", FilterRegistrationBean.class);
  }

  @Test
  void theFilterWrapsEveryDispatchBeforeSpringSecurityOnTheEngineBean() {
    runner.run(context -> {
      FilterRegistrationBean<SessionFilter> registration = registration(context);
      assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE + 50).isLessThan(SPRING_SECURITY_ORDER);
      assertThat(registration.isAsyncSupported()).isTrue();
      assertThat(registration.getUrlPatterns()).containsExactly("/*");
      assertThat(ReflectionTestUtils.getField(registration, "dispatcherTypes")).asString()
          .contains(DispatcherType.REQUEST.name(), DispatcherType.FORWARD.name(), DispatcherType.ASYNC.name(),
              DispatcherType.ERROR.name());
      assertThat(registration.getFilter().manager()).isSameAs(context.getBean(SessionManager.class));
    });
  }

  @Test
  void theOrderIsAProperty() {
    runner.withPropertyValues("sessions4j.filter.order=-200")
        .run(context -> assertThat(registration(context).getOrder()).isEqualTo(-200));
  }

  @Test
  void yourOwnRegistrationReplacesTheStarters() {
    runner.withUserConfiguration(OwnRegistration.class).run(context -> {
      assertThat(context).doesNotHaveBean("sessions4jFilter");
      assertThat(context.getBeansOfType(FilterRegistrationBean.class)).containsOnlyKeys("ownSessions");
    });
  }

  static class OwnRegistration {
    @Bean
    FilterRegistrationBean<SessionFilter> ownSessions(SessionManager manager) {
      FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(new SessionFilter(manager));
      registration.setOrder(-1000);
      return registration;
    }
  }

  @Test
  void theApplicationsSessionListenersAreGivenToTheFilter() {
    HttpSessionListener sessions = new HttpSessionListener() {};
    HttpSessionIdListener ids = (event, oldId) -> {};
    HttpSessionAttributeListener attributes = new HttpSessionAttributeListener() {};
    HttpSessionEventPublisher publisher = new HttpSessionEventPublisher();
    runner.withBean("sessions", HttpSessionListener.class, () -> sessions)
        .withBean("ids", HttpSessionIdListener.class, () -> ids)
        .withBean("attributes", HttpSessionAttributeListener.class, () -> attributes)
        .withBean("publisher", ServletListenerRegistrationBean.class, () -> new ServletListenerRegistrationBean<>(publisher))
        .withBean("disabled", ServletListenerRegistrationBean.class, () -> {
          ServletListenerRegistrationBean<HttpSessionListener> off =
              new ServletListenerRegistrationBean<>(new HttpSessionListener() {});
          off.setEnabled(false);
          return off;
        })
        .run(context -> assertThat(registration(context).getFilter().listeners())
            .containsExactlyInAnyOrder(sessions, ids, attributes, publisher));
  }

  @Test
  void notInAnApplicationWithoutAServletWebServer() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsServletAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasSingleBean(SessionManager.class);
          assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
        });
  }
}
