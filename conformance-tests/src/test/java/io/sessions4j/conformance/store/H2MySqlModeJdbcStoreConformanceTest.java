package io.sessions4j.conformance.store;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store suite on H2 in its MySQL compatibility mode, as applications that test against H2
 * in place of MariaDB run it: the dialect stays H2, but locking, quoting and identifier case follow
 * the mode.
 */
class H2MySqlModeJdbcStoreConformanceTest extends JdbcStoreConformanceSuite {
  private RealServers.JdbcServer server;
  private HikariDataSource pool;

  @BeforeAll
  void startDatabase() {
    server = new RealServers.JdbcServer("H2 (MySQL mode)",
        "jdbc:h2:mem:" + uniqueTableName() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000;MODE=MySQL;DATABASE_TO_LOWER=TRUE", "sa", "");
    pool = JdbcPools.pool(server, 16);
  }

  @Override
  protected void closeDataSource() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }

  @Override
  protected RealServers.JdbcServer server() {
    return server;
  }

  @Override
  protected JdbcDialect expectedDialect() {
    return JdbcDialect.H2;
  }
}
