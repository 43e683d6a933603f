package io.sessions4j.nodeinterop;

import static io.sessions4j.nodeinterop.ExpressInteropContract.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.compat.node.ExpressSessionCookie;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runbook's step 2 against the real npm packages: a user logs in on the Node app, then the
 * Node app is gone and a sessions4j engine in its own formats with {@code migrateFrom} serves the
 * next request — the user is still logged in, carries only sessions4j's {@code sid} afterwards, and
 * the Node session is gone (express-mysql-session's row or connect-redis's key deleted, so the
 * real package no longer finds it either).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationInteropTest {
  static final String KEY = "migration-interop-key-0123456789abcdef";
  static final String TABLE = "sessions_migrate";
  static final String PREFIX = "migrate-sess:";
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterAll
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Test
  void expressSessionOnExpressMysqlSessionMovesToOurOwnStoreWithoutALogout() {
    HikariDataSource dataSource = ExpressMysqlInteropTest.mariaDbPool(2);
    opened.add(dataSource);
    ExpressMysqlSessionStore nodeRecords = ExpressMysqlSessionStore.builder().dataSource(dataSource).tableName(TABLE)
        .clearExpired(false, Duration.ofMinutes(15)).build();
    moveExpressSession(nodeRecords, Map.of("STORE", "mysql", "TABLE", TABLE,
        "MYSQL_HOST", "127.0.0.1", "MYSQL_USER", "root", "MYSQL_DATABASE", "test"));
  }

  @Test
  void expressSessionOnConnectRedisMovesToOurOwnStoreWithoutALogout() {
    RealServers.RedisServer redis = RealServers.requireRedis();
    ConnectRedisStore nodeRecords = ConnectRedisStore.builder().uri(redis.uri()).prefix(PREFIX).build();
    moveExpressSession(nodeRecords, Map.of("STORE", "redis", "REDIS_URL", redis.uri(), "PREFIX", PREFIX));
  }

  /** A user logs in on the Express app on {@code nodeRecords}; the Java engine moves them to sid. */
  private void moveExpressSession(SessionStore nodeRecords, Map<String, String> nodeEnv) {
    opened.add(nodeRecords);
    Map<String, String> env = new java.util.HashMap<>(nodeEnv);
    env.put("SECRETS", "[\"keyboard cat\"]");
    NodeApp node = NodeApp.start("express-app.mjs", env);
    opened.add(node);

    CookieBrowser browser = new CookieBrowser();
    browser.get(node, "/login?user=alice");
    String legacyCookie = browser.header();
    String legacyId = ExpressSessionCookie.unsign(browser.jar.get("connect.sid"), List.of("keyboard cat")).id();
    assertThat(nodeRecords.get(legacyId).toCompletableFuture().join()).as("the Node record").isPresent();

    MemoryStore ours = MemoryStore.builder().build();
    opened.add(ours);
    SessionManager java = SessionManager.create(SessionConfig.builder().keys(KEY).store(ours)
        .maxAge(Duration.ofHours(1)).migrateFrom(NodeCompat.EXPRESS_SESSION, "keyboard cat")
        .migrateStore(nodeRecords).build());
    opened.add(java);

    browser.request(java, s -> {
      assertThat(map(s.get("passport"))).containsEntry("user", "alice");
      assertThat(map(s.get("flash"))).containsEntry("info", List.of("Welcome back"));
    });
    assertThat(browser.jar.keySet()).containsExactly("sid");
    assertThat(nodeRecords.get(legacyId).toCompletableFuture().join()).as("the Node record").isEmpty();

    browser.request(java, s -> {
      assertThat(s.isNew()).isFalse();
      assertThat(map(s.get("passport"))).containsEntry("user", "alice");
    });
    assertThat(browser.jar.keySet()).containsExactly("sid");

    // the real package, handed the old cookie again, finds no session: nothing can come back
    NodeApp.Reply replay = node.get("/view", legacyCookie);
    assertThat(replay.body().get("session").has("passport")).isFalse();
  }

  @Test
  void cookieSessionMovesIntoOurEncryptedCookieWithoutALogout() {
    moveCookieSession("cookie-session-app.mjs", NodeCompat.COOKIE_SESSION, "session");
  }

  @Test
  void koaSessionMovesIntoOurEncryptedCookieWithoutALogout() {
    moveCookieSession("koa-app.mjs", NodeCompat.KOA_SESSION, "koa.sess");
  }

  private void moveCookieSession(String script, NodeCompat from, String cookieName) {
    NodeApp node = NodeApp.start(script, Map.of("KEYS", "[\"a\",\"b\"]"));
    opened.add(node);
    CookieBrowser browser = new CookieBrowser();
    browser.get(node, "/login?user=alice");
    assertThat(browser.jar.keySet()).containsExactlyInAnyOrder(cookieName, cookieName + ".sig");

    SessionManager java = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY)
        .maxAge(Duration.ofHours(1)).migrateFrom(from, "a", "b").build());
    opened.add(java);

    browser.request(java, s -> assertThat(map(s.get("passport"))).containsEntry("user", "alice"));
    assertThat(browser.jar.keySet()).containsExactly("sid");

    browser.request(java, s -> {
      assertThat(s.isNew()).isFalse();
      assertThat(map(s.get("passport"))).containsEntry("user", "alice");
    });
    assertThat(browser.jar.keySet()).containsExactly("sid");
  }
}
