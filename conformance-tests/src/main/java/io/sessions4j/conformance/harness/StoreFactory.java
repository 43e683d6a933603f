package io.sessions4j.conformance.harness;

import io.sessions4j.core.store.SessionStore;

/**
 * Makes the store behind the {@code store-jdbc} or {@code store-redis} profile, found with {@link
 * java.util.ServiceLoader} (list the implementation in {@code
 * META-INF/services/io.sessions4j.conformance.harness.StoreFactory}). A store module ships one on
 * its test classpath; without a factory of the right kind, or without the URL in the environment,
 * the profile is unsupported and the kit reports its checks as not applicable.
 */
public interface StoreFactory {

  /**
   * {@code "jdbc"} or {@code "express-mysql-session"} (URL from {@code SESSIONS4J_JDBC_URL}), {@code
   * "redis"} or {@code "connect-redis"} (from {@code SESSIONS4J_REDIS_URI}).
   */
  String kind();

  /** Whether this factory's store runs on {@code url} (express-mysql-session's only on MySQL and MariaDB); true by default. */
  default boolean supports(String url) {
    return true;
  }

  /** A store on {@code url}, with a schema/keyspace ready to use. The harness closes it. */
  SessionStore create(String url);
}
