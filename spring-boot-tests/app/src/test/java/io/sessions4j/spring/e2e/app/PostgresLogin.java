package io.sessions4j.spring.e2e.app;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on the JDBC store on PostgreSQL (the application's DataSource); a subclass per Boot line names the line. */
public abstract class PostgresLogin extends LoginFlowContract {
  /** The Boot line this run is on. */
  protected abstract BootLine line();

  @Override
  protected void requireServers() {
    RealServers.requirePostgres();
  }

  @Override
  protected RunningApp startApp() {
    return jdbc(RealServers.requirePostgres());
  }

  private RunningApp jdbc(RealServers.JdbcServer db) {
    return LoginApp.start(Map.of(
        "spring.datasource.url", db.jdbcUrl(),
        "spring.datasource.username", db.username(),
        "spring.datasource.password", db.password(),
        "sessions4j.store", "jdbc",
        "sessions4j.jdbc.table-name", line().jdbcTable()));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
