package io.sessions4j.spring.e2e.app;

import io.sessions4j.conformance.store.RealServers;

/** The login flow on the JDBC store on PostgreSQL (the application's DataSource); a subclass per Boot line names the line. */
public abstract class PostgresLogin extends JdbcLogin {
  @Override
  protected RealServers.JdbcServer database() {
    return RealServers.requirePostgres();
  }
}
