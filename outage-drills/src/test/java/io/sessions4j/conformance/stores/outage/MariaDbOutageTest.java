package io.sessions4j.conformance.stores.outage;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;

/**
 * A private MariaDB is killed with SIGKILL under load and started again (InnoDB crash recovery);
 * the JDBC store on its own HikariCP pool at its defaults (no expiry sweep). See {@link OutageDrill}
 * for what is checked.
 */
class MariaDbOutageTest extends StoreOutageTest<PrivateServer.MariaDb> {

  @Override
  PrivateServer.MariaDb newServer() {
    return PrivateServer.mariaDb();
  }

  @Override
  SessionStore storeOn(PrivateServer.MariaDb db) {
    return JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).cleanupInterval(null).build();
  }
}
