package io.sessions4j.spring.e2e.app;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/**
 * The login flow on the JDBC store over the application's DataSource, on the database a subclass
 * names; a subclass per database and Boot line.
 */
public abstract class JdbcLogin extends LoginFlowContract {
  /** The Boot line this run is on. */
  protected abstract BootLine line();

  /** The running database (skips outside CI when it is absent, fails in CI). */
  protected abstract RealServers.JdbcServer database();

  @Override
  protected void requireServers() {
    database();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.JdbcServer db = database();
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

  @Override
  protected boolean observedStore() {
    return true;
  }
}
