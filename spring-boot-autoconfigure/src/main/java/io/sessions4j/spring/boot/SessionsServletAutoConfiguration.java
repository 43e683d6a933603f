package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EventListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the servlet adapter's {@link SessionFilter} on the engine, for every path and the
 * {@code REQUEST}, {@code FORWARD}, {@code ASYNC} and {@code ERROR} dispatches, at {@code
 * sessions4j.filter.order} — by default {@link SessionsProperties#DEFAULT_FILTER_ORDER}, ahead of
 * Spring Security's filter chain (-100), so {@code request.getSession()} is a sessions4j session for
 * Spring Security and everything after it. Replace it with your own {@code
 * FilterRegistrationBean<SessionFilter>} (or {@code SessionFilter} bean).
 *
 * <p>Session listeners — {@code HttpSessionListener}, {@code HttpSessionIdListener} and {@code
 * HttpSessionAttributeListener} beans, and those of {@code ServletListenerRegistrationBean}s (Spring
 * Security's {@code HttpSessionEventPublisher}, say) — are given to the filter, which tells them about
 * its sessions; on Tomcat and Jetty it also finds the listeners registered with the container.
 */
@AutoConfiguration(after = SessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionFilter.class, FilterRegistrationBean.class})
@ConditionalOnBean(SessionManager.class)
public class SessionsServletAutoConfiguration {

  /**
   * The filter's registration; the filter shares the engine bean, which the context closes, and
   * tells the application's session listener beans about its sessions.
   */
  @Bean
  @ConditionalOnMissingBean(value = SessionFilter.class, parameterizedContainer = FilterRegistrationBean.class)
  public FilterRegistrationBean<SessionFilter> sessions4jFilter(SessionManager manager, SessionsProperties properties,
      ObjectProvider<ServletListenerRegistrationBean<?>> listenerRegistrations,
      ObjectProvider<HttpSessionListener> sessionListeners, ObjectProvider<HttpSessionIdListener> idListeners,
      ObjectProvider<HttpSessionAttributeListener> attributeListeners) {
    SessionFilter filter = new SessionFilter(manager);
    // the same object found twice (a bean here, and registered with the container by Boot) is told once
    listenerRegistrations.orderedStream()
        .filter(registration -> registration.isEnabled() && isSessionListener(registration.getListener()))
        .forEach(registration -> filter.addListener(registration.getListener()));
    sessionListeners.orderedStream().forEach(filter::addListener);
    idListeners.orderedStream().forEach(filter::addListener);
    attributeListeners.orderedStream().forEach(filter::addListener);
    FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("sessions4jFilter");
    registration.setOrder(properties.getFilter().getOrder());
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC,
        DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    return registration;
  }

  private static boolean isSessionListener(EventListener listener) {
    return listener instanceof HttpSessionListener || listener instanceof HttpSessionIdListener
        || listener instanceof HttpSessionAttributeListener;
  }
}
