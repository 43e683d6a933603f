package io.sessions4j.spring.boot;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.ClassUtils;

/** Builds the store {@code sessions4j.store} names, from the starter's properties. */
final class SessionStores {
  static final String REDIS_STORE_CLASS = "io.sessions4j.store.redis.RedisSessionStore";

  private SessionStores() {}

  static SessionStore create(SessionsProperties properties, ObjectProvider<DataSource> dataSource, Binder binder,
      ClassLoader classLoader) {
    return switch (properties.getStore()) {
      case MEMORY -> MemoryStore.builder().maximumSize(properties.getMemory().getMaximumSize()).build();
      case JDBC -> jdbc(properties.getJdbc(), dataSource.getIfUnique());
      case REDIS -> {
        if (!ClassUtils.isPresent(REDIS_STORE_CLASS, classLoader)) {
          throw new SessionsConfigurationException(
              "sessions4j.store=redis needs the Redis store, which is not on the classpath",
              "Add the dependency io.sessions4j:session-store-redis, or choose another sessions4j.store.", null);
        }
        // a class of its own, so that nothing here refers to Redis classes unless Redis is chosen
        yield RedisStores.create(properties.getRedis(), binder);
      }
    };
  }

  private static SessionStore jdbc(SessionsProperties.Jdbc jdbc, DataSource dataSource) {
    if (dataSource == null) {
      throw new SessionsConfigurationException(
          "sessions4j.store=jdbc keeps sessions in the application's DataSource, and there is no single DataSource bean",
          "Add spring-boot-starter-jdbc with a JDBC driver and spring.datasource.url (or mark one DataSource @Primary), "
              + "or define your own SessionStore bean.", null);
    }
    JdbcSessionStore.Builder builder = JdbcSessionStore.builder()
        .dataSource(dataSource)
        .tableName(jdbc.getTableName())
        .createTable(jdbc.isCreateTable())
        .cleanupInterval(Duration.ZERO.equals(jdbc.getCleanupInterval()) ? null : jdbc.getCleanupInterval())
        .cleanupBatchSize(jdbc.getCleanupBatchSize())
        .touchEnabled(jdbc.isTouchEnabled());
    if (jdbc.getDialect() != null) {
      builder.dialect(jdbc.getDialect());
    }
    if (jdbc.getThreads() > 0) {
      builder.threads(jdbc.getThreads());
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new SessionsConfigurationException("Invalid sessions4j.jdbc configuration: " + e.getMessage(),
          "Fix the sessions4j.jdbc.* property it names.", e);
    } catch (SessionStoreException e) {
      throw new SessionsConfigurationException("sessions4j.store=jdbc: " + e.getMessage(),
          "Check that the database of spring.datasource.* is up and reachable.", e);
    }
  }
}
