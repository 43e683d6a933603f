package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 4.0, store mode, JDBC store on the app's DataSource: MariaDB. */
class Boot4MariaDbLoginTest extends LoginFlowContract {
  @Override
  protected void requireServers() {
    RealServers.requireMariaDb();
  }

  @Override
  protected RunningApp startApp() {
    RealServers.JdbcServer mariadb = RealServers.requireMariaDb();
    return Boot4App.start(Map.of(
        "spring.datasource.url", mariadb.jdbcUrl(),
        "spring.datasource.username", mariadb.username(),
        "spring.datasource.password", mariadb.password(),
        "sessions4j.store", "jdbc",
        "sessions4j.jdbc.table-name", Boot4App.JDBC_TABLE));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
