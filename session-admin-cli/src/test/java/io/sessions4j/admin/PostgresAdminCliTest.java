package io.sessions4j.admin;

import io.sessions4j.conformance.store.RealServers;

/** The CLI against a JDBC store on the real PostgreSQL. */
class PostgresAdminCliTest extends JdbcAdminCliContract {
  @Override
  RealServers.JdbcServer requireDatabase() {
    return RealServers.requirePostgres();
  }
}
