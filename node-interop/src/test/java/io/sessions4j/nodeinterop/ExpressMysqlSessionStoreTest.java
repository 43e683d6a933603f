package io.sessions4j.nodeinterop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.compat.node.UidSafeIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link ExpressMysqlSessionStore} on the real MariaDB, as express-mysql-session defines the table:
 * its schema under configured names, seconds in {@code expires}, its expiry and touch rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressMysqlSessionStoreTest {
  static final String TABLE = "sessions_custom_names";
  static final AttributeCodec CODEC = new AttributeCodec(Map.of());
  HikariDataSource pool;
  ExpressMysqlSessionStore store;

  @BeforeAll
  void open() throws SQLException {
    RealServers.JdbcServer server = RealServers.requireMariaDb();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setUsername(server.username());
    config.setPassword(server.password());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
    }
    store = ExpressMysqlSessionStore.builder().dataSource(pool).tableName(TABLE).columnNames("sid", "exp", "sess")
        .clearExpired(false, Duration.ofMinutes(15)).build();
  }

  @AfterAll
  void close() {
    if (store != null) {
      store.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  static byte[] document(String name, String value) {
    return CODEC.encode(new SessionDocument(Map.of(name, JsonNodeFactory.instance.textNode(value)), Map.of(),
        -1, -1, -1, -1, -1));
  }

  void insertRow(String id, long expiresSeconds, String data) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " (sid, exp, sess) VALUES (?, ?, ?)")) {
      s.setString(1, id);
      s.setLong(2, expiresSeconds);
      s.setString(3, data);
      s.executeUpdate();
    }
  }

  String[] row(String id) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT exp, sess FROM " + TABLE + " WHERE sid = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
      }
    }
  }

  @Test
  void aSessionSavedFromJavaIsAnExpressSessionRowUnderTheConfiguredNames() throws SQLException {
    String id = UidSafeIds.generator().generate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant expires = now.plus(Duration.ofHours(1));
    assertThat(store.save(new StoredSession(id, document("user", "ada"), now, now, expires, 1, null), StoredSession.NEW)
        .toCompletableFuture().join()).isTrue();
    String[] row = row(id);
    assertThat(Long.parseLong(row[0])).isEqualTo(Math.round(expires.toEpochMilli() / 1000.0));
    assertThat(row[1]).startsWith("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"").endsWith(",\"user\":\"ada\"}");
    // a second NEW save of a live id is refused
    assertThat(store.save(new StoredSession(id, document("user", "eve"), now, now, expires, 1, null), StoredSession.NEW)
        .toCompletableFuture().join()).isFalse();
  }

  @Test
  void aRowPastItsExpiresSecondIsAbsentAndTheSweepDeletesIt() throws SQLException {
    String id = UidSafeIds.generator().generate();
    insertRow(id, Instant.now().getEpochSecond() - 10, "{\"cookie\":{},\"user\":\"ada\"}");
    assertThat(store.get(id).toCompletableFuture().join()).isEmpty();
    assertThat(store.update(SessionPatch.builder(id, Instant.now(), Instant.now().plusSeconds(60))
        .set("x", JsonNodeFactory.instance.textNode("y"), null).build()).toCompletableFuture().join()).isEqualTo(StoredSession.NEW);
    assertThat(store.clearExpired()).isPositive();
    assertThat(row(id)).isNull();
  }

  @Test
  void aTouchMovesOnlyTheExpiresColumnAsExpressMysqlSessionsTouchDoes() throws SQLException {
    String id = UidSafeIds.generator().generate();
    String json = "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"2030-01-01T00:00:00.000Z\"},\"user\":\"ada\"}";
    insertRow(id, Instant.now().getEpochSecond() + 60, json);
    Instant later = Instant.now().plus(Duration.ofHours(2));
    assertThat(store.touch(id, Instant.now(), later).toCompletableFuture().join()).isTrue();
    String[] row = row(id);
    assertThat(Long.parseLong(row[0])).isEqualTo(Math.round(later.toEpochMilli() / 1000.0));
    assertThat(row[1]).isEqualTo(json);
  }

  @Test
  void aRowThatIsNotJsonIsAbsentAndNeverPatched() throws SQLException {
    String id = UidSafeIds.generator().generate();
    insertRow(id, Instant.now().getEpochSecond() + 60, "not json");
    assertThat(store.get(id).toCompletableFuture().join()).isEmpty();
    assertThat(store.update(SessionPatch.builder(id, Instant.now(), Instant.now().plusSeconds(60))
        .set("x", JsonNodeFactory.instance.textNode("y"), null).build()).toCompletableFuture().join()).isEqualTo(StoredSession.NEW);
    assertThat(row(id)[1]).isEqualTo("not json");
  }

  @Test
  void idsThatAreNotWellFormedAreAbsentAndRefused() {
    assertThat(store.get("short").toCompletableFuture().join()).isEmpty();
    assertThat(store.get("x' OR '1'='1 -- padding padding").toCompletableFuture().join()).isEmpty();
    Instant now = Instant.now();
    assertThatThrownBy(() -> store.save(new StoredSession("bad id with spaces!", document("a", "b"), now, now,
        now.plusSeconds(9), 1, null), StoredSession.NEW).toCompletableFuture().join()).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void misnamedTableOrColumnsFailAtBuildSayingWhichOption() {
    assertThatThrownBy(() -> ExpressMysqlSessionStore.builder().dataSource(pool).tableName("sessions; DROP").build())
        .hasMessageContaining("tableName");
    assertThatThrownBy(() -> ExpressMysqlSessionStore.builder().dataSource(pool).columnNames("id", "exp`", "data").build())
        .hasMessageContaining("columnNames.expires");
  }

  @Test
  void findByPrincipalMatchesTheDocumentsPathExactlyOverNodesRowsAndSkipsRowsThatAreNotJson() throws SQLException {
    long live = Instant.now().getEpochSecond() + 600;
    String ann = UidSafeIds.generator().generate();
    String annNumber = UidSafeIds.generator().generate();
    insertRow(ann, live, "{\"cookie\":{\"originalMaxAge\":600000},\"passport\":{\"user\":\"ann😀\"}}");
    insertRow(UidSafeIds.generator().generate(), live, "{\"cookie\":{},\"passport\":{\"user\":\"ANN😀\"}}");
    insertRow(UidSafeIds.generator().generate(), live, "{\"cookie\":{},\"passport\":{\"user\":\"ann😀 \"}}");
    insertRow(UidSafeIds.generator().generate(), live - 1200, "{\"cookie\":{},\"passport\":{\"user\":\"ann😀\"}}");
    insertRow(UidSafeIds.generator().generate(), live, "not json, and MySQL's JSON_EXTRACT would fail on it");
    insertRow(annNumber, live, "{\"cookie\":{},\"passport\":{\"user\":42}}");

    List<StoredSession> found = store.findByPrincipal("ann😀").toCompletableFuture().join();

    assertThat(found).extracting(StoredSession::id).containsExactly(ann);
    assertThat(found.get(0).principal()).isEqualTo("ann😀");
    assertThat(store.findByPrincipal("42").toCompletableFuture().join()).extracting(StoredSession::id)
        .containsExactly(annNumber);
    assertThat(store.length().toCompletableFuture().join()).isGreaterThanOrEqualTo(5L);
  }

  @Test
  void aPrincipalPathThatIsNotFieldNamesFailsAtBuildSayingSo() {
    assertThatThrownBy(() -> ExpressMysqlSessionStore.builder().dataSource(pool).principalPath("passport.user') OR 1")
        .build()).hasMessageContaining("principalPath");
  }
}
