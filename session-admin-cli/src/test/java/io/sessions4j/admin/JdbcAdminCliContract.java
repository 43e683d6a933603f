package io.sessions4j.admin;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.util.List;

/** The CLI against a JDBC store on a real database; a subclass names the database. */
abstract class JdbcAdminCliContract extends AdminCliContract {
  static final String TABLE = "sessions4j_admin_cli_test";
  RealServers.JdbcServer server;

  /** The database, or the test is skipped (failed under CI) saying how to start it. */
  abstract RealServers.JdbcServer requireDatabase();

  @Override
  void requireServer() {
    server = requireDatabase();
  }

  @Override
  SessionStore openAppStore() {
    return JdbcSessionStore.builder().jdbcUrl(server.jdbcUrl()).username(server.username())
        .password(server.password()).tableName(TABLE).build();
  }

  @Override
  List<String> storeOptions() {
    // the test servers' passwords are empty; a real one comes from SESSIONS4J_JDBC_PASSWORD
    return List.of("--jdbc-url", server.jdbcUrl(), "--jdbc-user", server.username(), "--jdbc-table", TABLE);
  }
}
