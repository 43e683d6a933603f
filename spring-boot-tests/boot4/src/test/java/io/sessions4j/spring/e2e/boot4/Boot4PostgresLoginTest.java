package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 4.0, store mode, JDBC store on the app's DataSource: PostgreSQL. */
class Boot4PostgresLoginTest extends LoginFlowContract {
  @Override
  protected void requireServers() {
    RealServers.requirePostgres();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.JdbcServer postgres = RealServers.requirePostgres();
    return Boot4App.start(Map.of(
        "spring.datasource.url", postgres.jdbcUrl(),
        "spring.datasource.username", postgres.username(),
        "spring.datasource.password", postgres.password(),
        "sessions4j.store", "jdbc",
        "sessions4j.jdbc.table-name", Boot4App.JDBC_TABLE));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
