package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the servlet adapter's {@link SessionFilter} on the engine, for every path and the
 * {@code REQUEST}, {@code FORWARD}, {@code ASYNC} and {@code ERROR} dispatches, at {@code
 * sessions4j.filter.order} — by default {@link SessionsProperties#DEFAULT_FILTER_ORDER}, ahead of
 * Spring Security's filter chain (-100), so {@code request.getSession()} is a sessions4j session for
 * Spring Security and everything after it. Replace it with your own {@code
 * FilterRegistrationBean<SessionFilter>} (or {@code SessionFilter} bean).
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(SessionManager.class)
public class SessionsServletAutoConfiguration {

  /** The filter's registration; the filter shares the engine bean, which the context closes. */
  @Bean
  @ConditionalOnMissingBean(value = SessionFilter.class, parameterizedContainer = FilterRegistrationBean.class)
  public FilterRegistrationBean<SessionFilter> sessions4jFilter(SessionManager manager, SessionsProperties properties) {
    FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(new SessionFilter(manager));
    registration.setName("sessions4jFilter");
    registration.setOrder(properties.getFilter().getOrder());
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC,
        DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
