package io.sessions4j.conformance.store;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import javax.sql.DataSource;

/**
 * The JDBC store suite on the MariaDB server through MySQL Connector/J instead of MariaDB's own
 * driver: that driver reports the product as "MySQL", and the store must still pick the MariaDB
 * dialect. It also covers Connector/J's handling of the store's statements (affected-row counts,
 * {@code DELETE … RETURNING}).
 */
class MariaDbViaMySqlConnectorJdbcStoreConformanceTest extends JdbcStoreConformanceSuite {
  private RealServers.JdbcServer server;
  private HikariDataSource pool;

  @Override
  protected void requireServer() {
    RealServers.JdbcServer mariadb = RealServers.requireMariaDb();
    if (pool != null) {
      return;
    }
    server = new RealServers.JdbcServer("MariaDB via MySQL Connector/J",
        mariadb.jdbcUrl().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:").replace("sslMode=disable", "sslMode=DISABLED&rewriteBatchedStatements=true"),
        mariadb.username(), mariadb.password());
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
    return JdbcDialect.MARIADB;
  }
}
