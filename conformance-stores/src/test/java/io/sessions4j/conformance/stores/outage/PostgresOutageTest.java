package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL is killed with SIGKILL (postmaster and backends) under load and started
 * again (WAL crash recovery); the JDBC store uses its own HikariCP pool. See {@link OutageDrill}
 * for what is checked.
 */
class PostgresOutageTest {

  @Test
  void killedUnderLoadAndRestarted() throws Exception {
    try (PrivateServer.Postgres db = PrivateServer.postgres()) {
      db.start();
      try (JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).maximumPoolSize(4).connectionTimeout(Duration.ofMillis(500))
          .cleanupInterval(null).build()) {
        OutageDrill.run("PostgreSQL", db, store).check();
      }
    }
  }
}
