package io.sessions4j.conformance.store;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store suite on an in-memory H2 database (always available, no server). */
class H2JdbcStoreConformanceTest extends JdbcStoreConformanceSuite {
  private RealServers.JdbcServer server;
  private HikariDataSource pool;

  @BeforeAll
  void startDatabase() {
    server = new RealServers.JdbcServer(name(),
        "jdbc:h2:mem:" + uniqueTableName() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000" + urlOptions(), "sa", "");
    pool = JdbcPools.pool(server, 16);
  }

  /** The database's name in messages. */
  String name() {
    return "H2";
  }

  /** H2 settings appended to the JDBC URL (each starting with {@code ;}). */
  String urlOptions() {
    return "";
  }

  @Override
  protected void closeDataSource() {
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  protected DataSource dataSource() {
    return pool;
  }

  @Override
  protected RealServers.JdbcServer server() {
    return server;
  }

  @Override
  protected JdbcDialect expectedDialect() {
    return JdbcDialect.H2;
  }
}
