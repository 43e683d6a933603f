package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;

/**
 * A private PostgreSQL is killed with SIGKILL (postmaster and backends) under load and started
 * again (WAL crash recovery); the JDBC store on its own HikariCP pool at its defaults (no expiry
 * sweep). See {@link OutageDrill} for what is checked.
 */
class PostgresOutageTest extends StoreOutageTest<PrivateServer.Postgres> {

  @Override
  PrivateServer.Postgres newServer() {
    return PrivateServer.postgres();
  }

  @Override
  SessionStore storeOn(PrivateServer.Postgres db) {
    return JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).cleanupInterval(null).build();
  }
}
