package io.sessions4j.micronaut;

import io.sessions4j.core.SessionConfig;

/**
 * A bean that adjusts the {@link SessionConfig.Builder} after the {@code sessions4j.*} properties
 * were applied: for what properties cannot say (a JDBC or Redis store, listeners, allowed types,
 * validate / beforeSave hooks, a clock).
 *
 * <pre>{@code
 * @Singleton
 * SessionConfigCustomizer sessionStore(DataSource dataSource) {
 *   return builder -> builder.store(JdbcSessionStore.builder().dataSource(dataSource).build());
 * }
 * }</pre>
 *
 * <p>Customizers run in their {@code @Order}; the configuration is validated after the last one.
 */
@FunctionalInterface
public interface SessionConfigCustomizer {

  /** Adjusts {@code builder}; it already holds the {@code sessions4j.*} properties. */
  void customize(SessionConfig.Builder builder);
}
