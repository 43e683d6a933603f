package io.sessions4j.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The store's own connection pool, on HikariCP. This is the only class that refers to HikariCP,
 * which is an optional dependency of session-core: the JVM loads this class (and so needs HikariCP)
 * only when a store is built with {@link JdbcSessionStore.Builder#jdbcUrl(String)}.
 */
final class HikariPools {
  private static final String HIKARI_CLASS = "com.zaxxer.hikari.HikariDataSource";

  private HikariPools() {}

  /** True when HikariCP is on the class path. */
  static boolean available() {
    try {
      Class.forName(HIKARI_CLASS, false, HikariPools.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A started pool, which is also {@link AutoCloseable}; fails when the database cannot be reached
   * (HikariCP's fail-fast start). Typed as DataSource so callers never name a HikariCP class.
   */
  static DataSource create(String jdbcUrl, String username, String password, int maximumPoolSize,
      String poolName) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(username);
    config.setPassword(password);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(2, maximumPoolSize));
    config.setPoolName(poolName);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }
}
