package io.sessions4j.nodeinterop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.compat.node.UidSafeIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link ConnectRedisStore} on the real Redis, as connect-redis defines its keys, TTLs and touch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectRedisStoreTest {
  static final AttributeCodec CODEC = new AttributeCodec(Map.of());
  RedisClient client;
  StatefulRedisConnection<String, String> connection;
  RedisCommands<String, String> redis;
  ConnectRedisStore store;

  @BeforeAll
  void open() {
    RealServers.RedisServer server = RealServers.requireRedis();
    client = RedisClient.create(server.uri());
    connection = client.connect();
    redis = connection.sync();
    store = ConnectRedisStore.builder().connection(connection).prefix("test-sess:").build();
  }

  @AfterAll
  void close() {
    if (store != null) {
      store.close();
    }
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
  }

  static byte[] document(String name, String value) {
    return CODEC.encode(new SessionDocument(Map.of(name, JsonNodeFactory.instance.textNode(value)), Map.of(),
        -1, -1, -1, -1, -1));
  }

  @Test
  void aSessionSavedFromJavaIsAJsonStringUnderThePrefixWithATtlToItsExpiry() {
    String id = UidSafeIds.generator().generate();
    Instant now = Instant.now();
    assertThat(store.save(new StoredSession(id, document("user", "ada"), now, now, now.plus(Duration.ofHours(1)), 1, null),
        StoredSession.NEW).toCompletableFuture().join()).isTrue();
    assertThat(redis.type("test-sess:" + id)).isEqualTo("string");
    assertThat(redis.get("test-sess:" + id)).startsWith("{\"cookie\":{\"originalMaxAge\":3600000,").endsWith(",\"user\":\"ada\"}");
    assertThat(redis.pttl("test-sess:" + id)).isBetween(3_500_000L, 3_600_000L);
    assertThat(store.save(new StoredSession(id, document("user", "eve"), now, now, now.plusSeconds(60), 1, null),
        StoredSession.NEW).toCompletableFuture().join()).isFalse();
  }

  @Test
  void aTouchMovesOnlyTheTtlAsConnectRedisDoesAndAReadSeesIt() {
    String id = UidSafeIds.generator().generate();
    String json = "{\"cookie\":{\"originalMaxAge\":60000,\"expires\":\"2030-01-01T00:00:00.000Z\"},\"user\":\"ada\"}";
    redis.psetex("test-sess:" + id, 60_000, json);
    Instant later = Instant.now().plus(Duration.ofHours(2));
    assertThat(store.touch(id, Instant.now(), later).toCompletableFuture().join()).isTrue();
    assertThat(redis.get("test-sess:" + id)).isEqualTo(json);
    assertThat(redis.pttl("test-sess:" + id)).isGreaterThan(7_000_000L);
    StoredSession read = store.get(id).toCompletableFuture().join().orElseThrow();
    assertThat(read.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(110)));
  }

  @Test
  void updateAndTouchNeverCreateAKey() {
    String id = UidSafeIds.generator().generate();
    assertThat(store.update(SessionPatch.builder(id, Instant.now(), Instant.now().plusSeconds(60))
        .set("x", JsonNodeFactory.instance.textNode("y"), null).build()).toCompletableFuture().join()).isEqualTo(StoredSession.NEW);
    assertThat(store.touch(id, Instant.now(), Instant.now().plusSeconds(60)).toCompletableFuture().join()).isFalse();
    assertThat(redis.exists("test-sess:" + id)).isZero();
  }

  @Test
  void aValueThatIsNotJsonIsAbsentAndNeverWrittenOver() {
    String id = UidSafeIds.generator().generate();
    redis.psetex("test-sess:" + id, 60_000, "not json");
    assertThat(store.get(id).toCompletableFuture().join()).isEmpty();
    assertThat(store.update(SessionPatch.builder(id, Instant.now(), Instant.now().plusSeconds(60))
        .set("x", JsonNodeFactory.instance.textNode("y"), null).build()).toCompletableFuture().join()).isEqualTo(StoredSession.NEW);
    assertThat(redis.get("test-sess:" + id)).isEqualTo("not json");
  }

  @Test
  void takeRemovesAndHandsBackTheRecordOnce() {
    String id = UidSafeIds.generator().generate();
    redis.psetex("test-sess:" + id, 60_000, "{\"cookie\":{},\"user\":\"ada\"}");
    assertThat(store.take(id).toCompletableFuture().join()).isPresent();
    assertThat(store.take(id).toCompletableFuture().join()).isEmpty();
    assertThat(redis.exists("test-sess:" + id)).isZero();
  }

  @Test
  void findByPrincipalScansThePrefixAndMatchesTheDocumentsPathExactly() {
    String prefix = "test-find-" + UidSafeIds.generator().generate() + ":";
    ConnectRedisStore scoped = ConnectRedisStore.builder().connection(connection).prefix(prefix).scanCount(2).build();
    String ann = UidSafeIds.generator().generate();
    redis.psetex(prefix + ann, 60_000, "{\"cookie\":{\"originalMaxAge\":60000},\"passport\":{\"user\":\"ann\"}}");
    redis.psetex(prefix + UidSafeIds.generator().generate(), 60_000, "{\"cookie\":{},\"passport\":{\"user\":\"ANN\"}}");
    redis.psetex(prefix + UidSafeIds.generator().generate(), 60_000, "not json");
    redis.hset(prefix + UidSafeIds.generator().generate(), "not", "a string");
    String outside = UidSafeIds.generator().generate();
    redis.psetex("test-sess:" + outside, 60_000, "{\"cookie\":{},\"passport\":{\"user\":\"ann\"}}");

    assertThat(scoped.findByPrincipal("ann").toCompletableFuture().join()).extracting(StoredSession::id)
        .containsExactly(ann);
    assertThat(scoped.length().toCompletableFuture().join()).isEqualTo(2L);
    scoped.clear().toCompletableFuture().join();
    assertThat(redis.keys(prefix + "*")).isEmpty();
    assertThat(redis.exists("test-sess:" + outside)).isOne();
  }
}
