package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RedisStoreBehaviour.join;
import static io.sessions4j.store.redis.RedisStoreBehaviour.newId;
import static io.sessions4j.store.redis.RedisStoreBehaviour.pollUntil;
import static io.sessions4j.store.redis.RedisStoreBehaviour.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Expired events are optional and never required for expiry: delivered only when the server
 * already publishes expired-key events, never by changing its configuration.
 */
class ExpiredEventsTest {

  @Test
  void sharedServerWithoutNotificationsGivesNoEventsAndTheStoreStillWorks() throws Exception {
    String uri = LocalRedis.uri();
    String flags;
    RedisClient admin = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = admin.connect()) {
      flags = c.sync().configGet("notify-keyspace-events").get("notify-keyspace-events");
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    try (RedisSessionStore store = RedisSessionStore.builder().uri(uri).keyPrefix(LocalRedis.uniquePrefix(getClass()))
        .notifyExpired(true).build()) {
      assertThat(store.reportsExpiry()).isEqualTo(ExpiredEvents.publishesExpired(flags));
      StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
      assertThat(join(store.save(s, StoredSession.NEW))).isTrue();
      join(store.destroy(s.id()));
    }
    // and the store changed nothing on the server
    admin = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> c = admin.connect()) {
      assertThat(c.sync().configGet("notify-keyspace-events").get("notify-keyspace-events")).isEqualTo(flags);
    } finally {
      admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void notificationsOffByDefaultEvenWhereTheServerPublishesThem() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone("--notify-keyspace-events", "Ex");
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("quiet:").build()) {
      assertThat(store.reportsExpiry()).isFalse();
    }
  }

  @Test
  void serverPublishingExpiredEventsReportsExpiredSessionsToTheEngineListeners() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone("--notify-keyspace-events", "Ex");
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("events:")
            .notifyExpired(true).build();
        RedisSessionStore neighbour = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("neighbour:").build()) {
      Set<String> expired = ConcurrentHashMap.newKeySet();
      SessionManager engine = SessionManager.create(EngineRequests.config(store).listener(new SessionListener() {
        @Override
        public void expired(String id) {
          expired.add(id);
        }
      }).build());
      assertThat(store.reportsExpiry()).isTrue();
      String id = newId();
      String otherPrefix = newId();
      join(store.save(record(id, "{}", Duration.ofMillis(100), 1, "vera"), StoredSession.NEW));
      join(neighbour.save(record(otherPrefix, "{}", Duration.ofMillis(100), 1, null), StoredSession.NEW));

      assertThat(pollUntil(Duration.ofSeconds(15), () -> expired.contains(id))).isTrue();
      assertThat(expired).doesNotContain(otherPrefix);
      engine.close();
    }
  }

  @Test
  void serverThatForbidsConfigGivesNoEventsAndTheStoreStillWorks() throws Exception {
    try (PrivateRedis redis = PrivateRedis.standalone("--notify-keyspace-events", "Ex", "--rename-command", "CONFIG", "");
        RedisSessionStore store = RedisSessionStore.builder().uri(redis.uri()).keyPrefix("noconfig:")
            .notifyExpired(true).build()) {
      assertThat(store.reportsExpiry()).isFalse();
      StoredSession s = record(newId(), "{}", Duration.ofMinutes(1), 1, null);
      assertThat(join(store.save(s, StoredSession.NEW))).isTrue();
      assertThat(join(store.get(s.id()))).contains(s);
    }
  }

  @Test
  void clusterReportsExpiredSessionsFromEveryNode() throws Exception {
    try (PrivateRedis cluster = PrivateRedis.cluster("--notify-keyspace-events", "Ex");
        RedisSessionStore store = RedisSessionStore.builder().uris(cluster.uris()).cluster(true)
            .keyPrefix("cluster-events:").notifyExpired(true).build()) {
      Set<String> expired = ConcurrentHashMap.newKeySet();
      store.setExpiryListener(expired::add);
      assertThat(store.reportsExpiry()).isTrue();
      List<String> ids = List.of(newId(), newId(), newId(), newId(), newId(), newId(), newId(), newId());
      for (String id : ids) {
        join(store.save(record(id, "{}", Duration.ofMillis(100), 1, null), StoredSession.NEW));
      }

      assertThat(pollUntil(Duration.ofSeconds(15), () -> expired.containsAll(ids))).isTrue();
    }
  }
}
