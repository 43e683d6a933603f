package io.sessions4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.compat.node.UidSafeIds;
import io.sessions4j.core.id.SessionIds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The CLI on the Node layouts ({@code --layout}): rows and keys written as express-mysql-session and
 * connect-redis write them, with passport's {@code passport.user}, are listed, ended, counted and
 * swept.
 */
class NodeLayoutAdminCliTest {
  static final String TABLE = "sessions_node_admin_cli";
  static final String PREFIX = "node-admin-cli-sess:";

  record Result(int status, String out, String err) {}

  static String document(String user) {
    return "{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2099-01-01T00:00:00.000Z\",\"httpOnly\":true,"
        + "\"path\":\"/\"},\"passport\":{\"user\":\"" + user + "\"},\"flash\":{}}";
  }

  static Result cli(List<String> store, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(store);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = SessionsCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void expressMysqlSessionRowsAreListedEndedCountedAndSwept() throws SQLException {
    RealServers.JdbcServer server = RealServers.requireMariaDb();
    List<String> store = List.of("--jdbc-url", server.jdbcUrl(), "--jdbc-user", server.username(), "--jdbc-table",
        TABLE, "--layout", "express-mysql-session");
    String ada = UidSafeIds.generator().generate();
    String adaToo = UidSafeIds.generator().generate();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      // express-mysql-session's schema.sql
      s.execute("CREATE TABLE " + TABLE + " (session_id varchar(128) COLLATE utf8mb4_bin NOT NULL, expires int(11) "
          + "unsigned NOT NULL, data mediumtext COLLATE utf8mb4_bin, PRIMARY KEY (session_id)) ENGINE=InnoDB");
      long live = Instant.now().getEpochSecond() + 3600;
      insert(c, ada, live, document("ada"));
      insert(c, adaToo, live, document("ada"));
      insert(c, UidSafeIds.generator().generate(), live, document("linus"));
      insert(c, UidSafeIds.generator().generate(), live - 7200, document("ada"));

      Result listed = cli(store, "list", "--principal", "ada");
      assertThat(listed.status()).as(listed.err()).isZero();
      assertThat(listed.out().lines().skip(1)).hasSize(2);
      assertThat(listed.out()).contains(SessionIds.handle(ada)).doesNotContain(ada);
      assertThat(cli(store, "count").out().trim()).isEqualTo("3");

      Result revoked = cli(store, "revoke", "--principal", "ada", SessionIds.handle(ada));
      assertThat(revoked.status()).as(revoked.err()).isZero();
      assertThat(count(c, ada)).isZero();
      assertThat(cli(store, "revoke-all", "--principal", "ada").out()).contains("ended 1 session of ada");
      assertThat(count(c, adaToo)).isZero();

      Result swept = cli(store, "sweep");
      assertThat(swept.status()).as(swept.err()).isZero();
      assertThat(swept.out()).contains("deleted 1 expired session");
      assertThat(cli(store, "count").out().trim()).isEqualTo("1");
      s.execute("DROP TABLE " + TABLE);
    }
  }

  @Test
  void connectRedisKeysAreListedEndedAndCounted() {
    redisKeysAreListedEndedAndCounted("connect-redis", PREFIX, UidSafeIds.generator()::generate,
        NodeLayoutAdminCliTest::document);
  }

  @Test
  void koaRedisKeysAreListedEndedAndCounted() {
    redisKeysAreListedEndedAndCounted("koa-redis", "node-admin-cli-koa.", () -> UUID.randomUUID().toString(),
        user -> "{\"passport\":{\"user\":\"" + user + "\"},\"_expire\":" + (System.currentTimeMillis() + 3_600_000)
            + ",\"_maxAge\":3600000}");
  }

  private void redisKeysAreListedEndedAndCounted(String layout, String prefix, Supplier<String> ids,
      UnaryOperator<String> document) {
    RealServers.RedisServer server = RealServers.requireRedis();
    List<String> store = List.of("--redis-uri", server.uri(), "--redis-key-prefix", prefix, "--layout", layout);
    RedisClient client = RedisClient.create(server.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      var redis = connection.sync();
      redis.keys(prefix + "*").forEach(redis::del);
      String ada = ids.get();
      redis.psetex(prefix + ada, 3_600_000, document.apply("ada"));
      redis.psetex(prefix + ids.get(), 3_600_000, document.apply("ada"));
      redis.psetex(prefix + ids.get(), 3_600_000, document.apply("linus"));

      Result listed = cli(store, "list", "--principal", "ada");
      assertThat(listed.status()).as(listed.err()).isZero();
      assertThat(listed.out().lines().skip(1)).hasSize(2);
      assertThat(cli(store, "count").out().trim()).isEqualTo("3");
      assertThat(cli(store, "revoke", "--principal", "ada", SessionIds.handle(ada)).status()).isZero();
      assertThat(redis.exists(prefix + ada)).isZero();
      assertThat(cli(store, "revoke-all", "--principal", "ada").out()).contains("ended 1 session of ada");
      assertThat(cli(store, "count").out().trim()).isEqualTo("1");
      redis.keys(prefix + "*").forEach(redis::del);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aLayoutThatDoesNotFitTheStoreIsAUsageErrorSayingWhatToChange() {
    Result wrong = cli(List.of("--redis-uri", "redis://127.0.0.1:1", "--layout", "express-mysql-session"),
        "count");
    assertThat(wrong.status()).isEqualTo(2);
    assertThat(wrong.err()).contains("--layout express-mysql-session needs --jdbc-url");
    Result unknown = cli(List.of("--redis-uri", "redis://127.0.0.1:1", "--layout", "koa"), "count");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).contains("is not one of: sessions4j, express-mysql-session, connect-redis, koa-redis");
  }

  private static void insert(Connection c, String id, long expires, String data) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?)")) {
      s.setString(1, id);
      s.setLong(2, expires);
      s.setString(3, data);
      s.executeUpdate();
    }
  }

  private static long count(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE session_id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
