package io.sessions4j.nodeinterop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.conformance.store.StoreConformanceSuite;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.store.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The store conformance suite against {@link ExpressMysqlSessionStore} on the real MariaDB, in a
 * table of its own. The checks a guarantee the layout cannot keep depends on are skipped with the
 * store's reason ({@code LayoutLimits}).
 */
class ExpressMysqlStoreConformanceTest extends StoreConformanceSuite {
  static final String TABLE = "sessions_node_conformance";
  private HikariDataSource pool;

  @Override
  protected void requireServer() {
    RealServers.requireMariaDb();
  }

  @Override
  protected SessionStore createStore() throws Exception {
    if (pool == null) {
      RealServers.JdbcServer server = RealServers.requireMariaDb();
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(server.jdbcUrl());
      config.setUsername(server.username());
      config.setPassword(server.password());
      config.setMaximumPoolSize(40);
      pool = new HikariDataSource(config);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + TABLE);
      }
    }
    return ExpressMysqlSessionStore.builder().dataSource(pool).tableName(TABLE).threads(32)
        .clearExpired(false, Duration.ofMinutes(15)).build();
  }

  /** One sweep, as the package's clearExpired runs it. */
  @Override
  protected void removeExpired(SessionStore store) {
    ((ExpressMysqlSessionStore) store).clearExpired();
  }

  /** passport's {@code passport.user}, the store's default principal path. */
  @Override
  protected byte[] documentNaming(String principal) {
    return document("{\"passport\":{\"user\":" + NODES.textNode(principal) + "}}");
  }

  @Override
  protected boolean holdsRecord(SessionStore store, String id) throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE session_id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  @AfterAll
  void closePool() throws Exception {
    if (pool != null) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + TABLE);
      }
      pool.close();
    }
  }
}
