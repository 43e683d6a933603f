package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.conformance.logs.LogCapture;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.testing.TestExchange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Database errors that echo what was bound — here a trigger that refuses every insert with the
 * session's id and data in its message, as constraint and truncation errors do — never carry those
 * values into sessions4j's logs or the exceptions the application gets (causes and stack traces
 * included), on the real MariaDB and PostgreSQL.
 */
class DriverMessagesStayOutOfTextTest {
  static final String SECRET_VALUE = "attribute-value-7f3c9a1e5b";

  @Test
  void mariaDbErrorsEchoingBoundValuesAreScrubbed() throws Exception {
    String table = "scrub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    check(RealServers.requireMariaDb(), table, List.of("DROP TABLE IF EXISTS " + table), List.of(
        "CREATE TRIGGER " + table + "_refuse BEFORE INSERT ON " + table + " FOR EACH ROW BEGIN "
            + "DECLARE msg VARCHAR(500); SET msg = CONCAT('refused session ', NEW.id, ' holding ', "
            + "CAST(NEW.data AS CHAR)); SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg; END"));
  }

  @Test
  void postgresErrorsEchoingBoundValuesAreScrubbed() throws Exception {
    String table = "scrub_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    check(RealServers.requirePostgres(), table,
        List.of("DROP TABLE IF EXISTS " + table, "DROP FUNCTION IF EXISTS " + table + "_refuse()"), List.of(
        "CREATE FUNCTION " + table + "_refuse() RETURNS trigger AS $$ BEGIN "
            + "RAISE EXCEPTION 'refused session \"%\"', NEW.id USING DETAIL = 'holding ' || convert_from(NEW.data, 'UTF8'); "
            + "END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER " + table + "_refuse BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + table + "_refuse()"));
  }

  private void check(RealServers.JdbcServer server, String table, List<String> cleanUp, List<String> refuseInserts)
      throws Exception {
    try (HikariDataSource pool = JdbcPools.pool(server, 4);
        JdbcSessionStore store = JdbcSessionStore.builder().dataSource(pool).tableName(table).createTable(true).build()) {
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        for (String sql : refuseInserts) {
          st.execute(sql);
        }
      }
      try (SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());
          LogCapture logs = LogCapture.start()) {
        TestExchange ex = new TestExchange();
        Session s = manager.load(ex).toCompletableFuture().join();
        s.put("note", SECRET_VALUE);
        String id = s.id();
        Throwable failure = catchThrowable(() -> manager.commit(ex, s).toCompletableFuture().join());

        assertThat(failure).as("the insert was refused").isNotNull();
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("the application's exception, causes included")
            .contains("SQLState").doesNotContain(id).doesNotContain(SECRET_VALUE);
        assertThat(logs.text()).as("the logs").contains("refused session").doesNotContain(id).doesNotContain(SECRET_VALUE);
      }
    } finally {
      try (HikariDataSource pool = JdbcPools.pool(server, 1); Connection c = pool.getConnection();
          Statement st = c.createStatement()) {
        for (String sql : cleanUp) {
          st.execute(sql);
        }
      }
    }
  }
}
