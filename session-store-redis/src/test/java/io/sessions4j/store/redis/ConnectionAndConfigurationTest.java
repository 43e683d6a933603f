package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RedisStoreBehaviour.join;
import static io.sessions4j.store.redis.RedisStoreBehaviour.newId;
import static io.sessions4j.store.redis.RedisStoreBehaviour.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.core.ScrubbedException;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** How the store is configured and connected: validation, ownership, auth, TLS, timeouts, scripts. */
class ConnectionAndConfigurationTest {

  // ---- validation ---------------------------------------------------------------------------------

  @Test
  void builderWithoutAnyServerSaysWhatToSet() {
    assertThatThrownBy(() -> RedisSessionStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set uri(...), client(...) or connection(...)");
  }

  @Test
  void emptyKeyPrefixIsRefusedBecauseClearWouldDeleteEverything() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:6379").keyPrefix("").build())
        .hasMessageContaining("keyPrefix must not be empty");
  }

  @Test
  void severalUrisWithoutClusterAreRefused() {
    assertThatThrownBy(() -> RedisSessionStore.builder()
        .uris(List.of("redis://127.0.0.1:7000", "redis://127.0.0.1:7001")).build())
        .hasMessageContaining("set cluster(true)");
  }

  @Test
  void clusterWithADatabaseNumberIsRefused() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:7000/3").cluster(true).build())
        .hasMessageContaining("only database 0");
  }

  @Test
  void nonRedisSchemeIsRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("http://admin:hunter2@example.com:6379").build())
        .hasMessageContaining("redis://")
        .hasMessageContaining("***@example.com")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnreachableServerIsReportedWithoutShowingThePassword() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://:s3cret-unreachable@127.0.0.1:1")
        .connectTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(SessionStoreException.class)
        .satisfies(e -> assertThat(String.valueOf(e) + e.getCause()).doesNotContain("s3cret-unreachable"));
  }

  @Test
  void nonPositiveTimeoutsAreRefused() {
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:6379").commandTimeout(Duration.ZERO).build())
        .hasMessageContaining("commandTimeout must be a positive duration");
    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:6379").connectTimeout(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("connectTimeout must be a positive duration");
  }

  @Test
  void unreachableServerFailsTheBuildWithoutShowingThePassword() {
    int closedPort = PrivateRedis.freePort();

    assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://:hunter2@127.0.0.1:" + closedPort)
        .connectTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("could not connect")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void prefixWithGlobCharactersIsMatchedLiterallyByClear() throws Exception {
    String base = LocalRedis.uniquePrefix(getClass());
    String globby = base + "a*[b]?:";
    String lookalike = base + "aXbY:s:{" + newId() + "}"; // what an unescaped pattern would match
    RedisClient admin = RedisClient.create(LocalRedis.uri());
    try (StatefulRedisConnection<String, String> c = admin.connect();
        RedisSessionStore store = RedisSessionStore.builder().uri(LocalRedis.uri()).keyPrefix(globby).build()) {
      c.sync().set(lookalike, "not the store's");
      StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
      join(store.save(s, StoredSession.NEW));
      assertThat(join(store.length())).isEqualTo(1);

      join(store.clear());

      assertThat(join(store.get(s.id()))).isEmpty();
      assertThat(c.sync().get(lookalike)).isEqualTo("not the store's");
      c.sync().del(lookalike);
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  // ---- ownership ----------------------------------------------------------------------------------

  @Test
  void closingTheStoreLeavesTheCallersClientUsable() throws Exception {
    RedisClient client = RedisClient.create(LocalRedis.uri());
    try {
      RedisSessionStore store = RedisSessionStore.builder().client(client)
          .keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
      join(store.get(newId()));

      store.close();

      try (StatefulRedisConnection<String, String> c = client.connect()) {
        assertThat(c.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void closingTheStoreLeavesTheCallersConnectionOpen() throws Exception {
    RedisClient client = RedisClient.create(LocalRedis.uri());
    try (StatefulRedisConnection<String, byte[]> connection = client.connect(RedisSessionStore.CODEC)) {
      RedisSessionStore store = RedisSessionStore.builder().connection(connection)
          .keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
      StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
      join(store.save(s, StoredSession.NEW));
      join(store.destroy(s.id()));

      store.close();

      assertThat(connection.isOpen()).isTrue();
      assertThat(connection.sync().ping()).isEqualTo("PONG");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void operationsOnAClosedStoreFailAsStoreErrors() {
    RedisSessionStore store = RedisSessionStore.builder().uri(LocalRedis.uri())
        .keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
    store.close();

    assertThatThrownBy(() -> join(store.get(newId())))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SessionStoreException.class)
        .hasMessageContaining("closed");
  }

  // ---- auth, TLS, timeouts, scripts (on servers started for the test) -----------------------------

  @Test
  void passwordInTheUriAuthenticatesAndAWrongOneIsReportedWithoutShowingIt() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone("--requirepass", "s3cret-pass")) {
      String port = redis.uri().substring(redis.uri().lastIndexOf(':') + 1);
      try (RedisSessionStore store = RedisSessionStore.builder().uri("redis://:s3cret-pass@127.0.0.1:" + port)
          .keyPrefix("auth:").build()) {
        StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
        assertThat(join(store.save(s, StoredSession.NEW))).isTrue();
        assertThat(join(store.get(s.id()))).contains(s);
        // issue 6, secrets in logs: what a log line may show of the store and its records
        assertThat(store.toString()).doesNotContain("s3cret-pass");
        assertThat(join(store.get(s.id())).orElseThrow().toString()).doesNotContain(s.id());
      }

      assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://:wrong-pass@127.0.0.1:" + port).build())
          .isInstanceOf(SessionStoreException.class)
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("wrong-pass");
    }
  }

  @Test
  @SuppressWarnings("try") // the server only has to run while the body does
  void redissUriTalksTls() throws Exception {
    TlsFiles tls = TlsFiles.selfSigned();
    int tlsPort = PrivateRedis.freePort();
    try (PrivateRedis redis = PrivateRedis.standalone("--tls-port", String.valueOf(tlsPort),
        "--tls-cert-file", tls.cert(), "--tls-key-file", tls.key(), "--tls-ca-cert-file", tls.cert(),
        "--tls-auth-clients", "no")) {
      try (RedisSessionStore store = RedisSessionStore.builder()
          .uri("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE").keyPrefix("tls:").build()) {
        StoredSession s = record(newId(), "{\"secret\":true}", Duration.ofMinutes(1), 1, "tina");
        assertThat(join(store.save(s, StoredSession.NEW))).isTrue();
        assertThat(join(store.findByPrincipal("tina"))).containsExactly(s);
      }
      // the same port refuses plain text: the store above really spoke TLS
      assertThatThrownBy(() -> RedisSessionStore.builder().uri("redis://127.0.0.1:" + tlsPort)
          .commandTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build())
          .isInstanceOf(SessionStoreException.class);
    } finally {
      tls.delete();
    }
  }

  @Test
  void commandThatOutlastsTheCommandTimeoutFailsAsAStoreError() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone();
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("slow:")
            .commandTimeout(Duration.ofMillis(200)).build()) {
      RedisClient admin = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = admin.connect()) {
        c.sync().clientPause(5_000);

        // the driver's exception is attached scrubbed (StoreFailures), naming its class
        assertThatThrownBy(() -> join(store.get(newId())))
            .hasCauseInstanceOf(SessionStoreException.class)
            .rootCause()
            .isInstanceOfSatisfying(ScrubbedException.class, scrubbed ->
                assertThat(scrubbed.originalClass()).isEqualTo(RedisCommandTimeoutException.class.getName()));
      } finally {
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void scriptsFlushedFromTheServerAreSentAgain() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone();
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("flush:").build()) {
      RedisClient admin = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = admin.connect()) {
        c.sync().scriptFlush();
        assertThat(c.sync().scriptExists(Script.SAVE.sha)).containsExactly(false);

        StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, "uma");
        assertThat(join(store.save(s, StoredSession.NEW))).isTrue();
        assertThat(join(store.touch(s.id(), s.lastAccessedAt(), s.expiresAt().plusSeconds(5)))).isTrue();

        assertThat(join(store.get(s.id()))).isPresent();
        assertThat(c.sync().scriptExists(Script.SAVE.sha, Script.TOUCH.sha)).containsExactly(true, true);
      } finally {
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
