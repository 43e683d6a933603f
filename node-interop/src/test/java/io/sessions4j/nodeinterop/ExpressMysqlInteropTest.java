package io.sessions4j.nodeinterop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.store.SessionStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/**
 * express-session + express-mysql-session (Node) and sessions4j + {@link ExpressMysqlSessionStore}
 * on one MariaDB table, {@code sessions_interop} (the package's schema under its {@code
 * schema.tableName} option).
 */
class ExpressMysqlInteropTest extends ExpressInteropContract {
  static final String TABLE = "sessions_interop";
  private HikariDataSource pool;

  /** A pool on the test MariaDB (skipped outside CI, or failing in CI, when it is not running). */
  static HikariDataSource mariaDbPool(int size) {
    RealServers.JdbcServer server = RealServers.requireMariaDb();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.username());
    config.setPassword(server.password());
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  @Override
  SessionStore openStore() {
    pool = mariaDbPool(4);
    return ExpressMysqlSessionStore.builder().dataSource(pool).tableName(TABLE)
        .clearExpired(true, Duration.ofMinutes(15)).build();
  }

  @Override
  Map<String, String> nodeStoreEnv() {
    return Map.of("STORE", "mysql", "TABLE", TABLE, "MYSQL_HOST", "127.0.0.1", "MYSQL_USER", "root", "MYSQL_DATABASE", "test");
  }

  @AfterAll
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }
}
