package io.sessions4j.admin;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.util.List;

/** The CLI against a JDBC store on the real PostgreSQL. */
class PostgresAdminCliTest extends AdminCliContract {
  static final String TABLE = "sessions4j_admin_cli_test";
  RealServers.JdbcServer server;

  @Override
  void requireServer() {
    server = RealServers.requirePostgres();
  }

  @Override
  SessionStore openAppStore() {
    return JdbcSessionStore.builder().jdbcUrl(server.jdbcUrl()).username(server.username())
        .password(server.password()).tableName(TABLE).build();
  }

  @Override
  List<String> storeOptions() {
    return List.of("--jdbc-url", server.jdbcUrl(), "--jdbc-user", server.username(), "--jdbc-table", TABLE);
  }
}
