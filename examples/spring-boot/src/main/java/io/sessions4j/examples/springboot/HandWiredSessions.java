package io.sessions4j.examples.springboot;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.spring.security.SessionsBackedSessionRegistry;
import io.sessions4j.spring.security.SpringSecuritySessions;
import io.sessions4j.store.redis.RedisSessionStore;
import jakarta.servlet.DispatcherType;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.session.SessionRegistry;

/**
 * TEMPORARY wiring by hand, until the Spring Boot starter lands: what the starter will do from
 * {@code sessions4j.*} properties (the filter ahead of Spring Security's chain, the store chosen by
 * {@code sessions4j.store}, {@link SpringSecuritySessions}, the {@link SessionRegistry}).
 */
@Configuration(proxyBeanMethods = false)
class HandWiredSessions {

  @Bean(destroyMethod = "close")
  SessionStore sessionStore(Environment env, ObjectProvider<DataSource> dataSource) {
    return switch (env.getProperty("sessions4j.store", "memory")) {
      case "jdbc" -> JdbcSessionStore.builder()
          .dataSource(dataSource.getObject())
          .tableName(env.getProperty("sessions4j.jdbc.table-name", "sessions4j_sessions"))
          .build();
      case "redis" -> RedisSessionStore.builder()
          .uri(env.getProperty("spring.data.redis.url", "redis://" + env.getProperty("spring.data.redis.host", "localhost")
              + ":" + env.getProperty("spring.data.redis.port", "6379")))
          .keyPrefix(env.getProperty("sessions4j.redis.key-prefix", "sessions4j:"))
          .build();
      default -> MemoryStore.builder().build();
    };
  }

  @Bean(destroyMethod = "close")
  SessionManager sessionManager(Environment env, SessionStore store) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String name : SessionProperties.NAMES) {
      String value = env.getProperty("sessions4j." + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
      if (value != null) {
        options.put(name, value);
      }
    }
    SessionConfig.Builder config = SessionProperties.toBuilder(options);
    if (!"cookie".equalsIgnoreCase(options.getOrDefault("mode", "store"))) {
      config.store(store);
    }
    return SessionManager.create(SpringSecuritySessions.configure(config).build());
  }

  @Bean
  FilterRegistrationBean<SessionFilter> sessionFilter(SessionManager manager) {
    FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(new SessionFilter(manager));
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC, DispatcherType.ERROR);
    return registration;
  }

  @Bean
  SessionRegistry sessionRegistry(SessionManager manager) {
    return new SessionsBackedSessionRegistry(manager);
  }
}
