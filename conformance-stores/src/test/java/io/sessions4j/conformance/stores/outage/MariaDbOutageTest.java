package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A private MariaDB is killed with SIGKILL under load and started again (InnoDB crash recovery);
 * the JDBC store uses its own HikariCP pool. See {@link OutageDrill} for what is checked.
 */
class MariaDbOutageTest {

  @Test
  void killedUnderLoadAndRestarted() throws Exception {
    try (PrivateServer.MariaDb db = PrivateServer.mariaDb()) {
      db.start();
      try (JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).maximumPoolSize(4).connectionTimeout(Duration.ofMillis(500))
          .cleanupInterval(null).build()) {
        OutageDrill.run("MariaDB", db, store).check();
      }
    }
  }
}
