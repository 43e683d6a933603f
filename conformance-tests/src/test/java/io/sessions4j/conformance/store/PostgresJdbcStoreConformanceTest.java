package io.sessions4j.conformance.store;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import javax.sql.DataSource;

/** The JDBC store suite on a real Postgres server (skipped when absent, failed when absent in CI). */
class PostgresJdbcStoreConformanceTest extends JdbcStoreConformanceSuite {
  private RealServers.JdbcServer server;
  private HikariDataSource pool;

  @Override
  protected void requireServer() {
    RealServers.JdbcServer reachable = RealServers.requirePostgres();
    if (pool == null) {
      server = reachable;
      pool = JdbcPools.pool(server, 16);
    }
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
    return JdbcDialect.POSTGRESQL;
  }
}
