package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.EngineRequests.ID_HEADER;
import static io.sessions4j.store.redis.EngineRequests.PRINCIPAL_ATTRIBUTE;
import static io.sessions4j.store.redis.EngineRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redis commands per request, driving the real engine and counting on the server ({@code INFO
 * commandstats}) and in the client (see {@link CommandCount}).
 */
class CommandsPerRequestTest {

  /** On standalone Redis (the shared server): reads 1 command, writes at most 2, login included. */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Standalone {
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;
    private RedisClient storeClient;
    private CommandCount count;
    private RedisSessionStore store;
    private SessionManager engine;
    private SessionManager touchingEngine;

    @BeforeEach
    void openStore() {
      String uri = LocalRedis.uri(); // per test: a missing server skips (or fails) each test visibly
      if (adminClient == null) {
        adminClient = RedisClient.create(uri);
        admin = adminClient.connect();
        count = new CommandCount(List.of(admin.sync()));
        storeClient = RedisClient.create(uri);
        storeClient.addListener(count);
      }
      store = RedisSessionStore.builder().client(storeClient).keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
      engine = SessionManager.create(EngineRequests.config(store).build());
      touchingEngine = SessionManager.create(EngineRequests.config(store).touchAfter(0).build());
    }

    @AfterEach
    void clearStore() throws Exception {
      RedisStoreBehaviour.join(store.clear());
      store.close();
    }

    @AfterAll
    void disconnect() {
      if (adminClient != null) {
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        storeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }

    private String existingSession(String principal) throws Exception {
      return request(engine, null, s -> {
        s.put("cart", List.of("book"));
        if (principal != null) {
          s.put(PRINCIPAL_ATTRIBUTE, principal);
        }
      }).lastResponseHeader(ID_HEADER);
    }

    @Test
    void readOnlyRequestOnAnExistingSessionIsOneCommand() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession("alice");
        return () -> request(engine, id, s -> assertThat(s.get("cart")).isEqualTo(List.of("book")));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L));
    }

    @Test
    void modifyingRequestIsOneReadAndOneScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession("alice");
        return () -> request(engine, id, s -> s.put("cart", List.of("book", "pen")));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void loginOnAnExistingSessionIndexesThePrincipalInTheSameScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession(null);
        return () -> request(engine, id, s -> s.put(PRINCIPAL_ATTRIBUTE, "bob"));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void newSessionIsOneScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> () -> {
        String id = request(engine, null, s -> s.put(PRINCIPAL_ATTRIBUTE, "carol")).lastResponseHeader(ID_HEADER);
        assertThat(id).isNotNull();
      });

      assertThat(sent).isEqualTo(Map.of("evalsha", 1L));
    }

    @Test
    void requestThatNeitherHasNorCreatesASessionSendsNothing() throws Exception {
      Map<String, Long> sent = count.measure(() -> () -> request(engine, null, s -> s.get("anything")));

      assertThat(sent).isEmpty();
    }

    @Test
    void readOnlyRequestDueForATouchIsOneReadAndOneScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession(null);
        return () -> request(touchingEngine, id, s -> s.get("cart"));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void destroyIsOneReadAndOneScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession(null);
        return () -> request(engine, id, s -> s.destroy());
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void regenerateIsOneReadAndTwoScripts() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession(null);
        return () -> assertThat(request(engine, id, Session::regenerate).lastResponseHeader(ID_HEADER)).isNotEqualTo(id);
      });

      // take the old record, save the new one
      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 2L));
    }

    @Test
    void firstWriteToAFormatOneRecordConvertsItWithOneMoreReadAndScript() throws Exception {
      String[] key = new String[1];
      Map<String, Long> first = count.measure(() -> {
        String id = existingSession(null);
        key[0] = store.keyPrefix() + "s:{" + id + "}";
        Map<String, String> formatTwo = admin.sync().hgetall(key[0]);
        admin.sync().del(key[0]);
        admin.sync().hset(key[0], Map.of("d", "{\"v\":1,\"a\":{\"cart\":[\"book\"]}}", "c", formatTwo.get("c"),
            "a", formatTwo.get("a"), "e", formatTwo.get("e"), "v", formatTwo.get("v"), "f", "1"));
        admin.sync().pexpire(key[0], 600_000);
        return () -> request(engine, id, s -> s.put("n", 1));
      });
      String id = key[0].substring(key[0].indexOf('{') + 1, key[0].length() - 1);
      Map<String, Long> second = count.measure(() -> () -> request(engine, id, s -> s.put("n", 2)));

      // the update script answers "format 1"; the store reads the record and saves it in format 2
      assertThat(first).isEqualTo(Map.of("hgetall", 2L, "evalsha", 2L));
      assertThat(second).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
      assertThat(admin.sync().hget(key[0], "f")).isEqualTo("2");
      assertThat(admin.sync().hget(key[0], "a:cart")).isEqualTo("[\"book\"]");
    }

    @Test
    void signedIdCookieCostsTheSameAsTheHeader() throws Exception {
      SessionManager cookies = SessionManager.create(SessionConfig.builder().store(store)
          .keys("commands-per-request-test-key-0123456789").build());
      Map<String, Long> sent = count.measure(() -> {
        TestExchange first = TestExchange.withHeader(ID_HEADER, null);
        Session created = cookies.load(first).toCompletableFuture().get(30, TimeUnit.SECONDS);
        created.put("cart", "book");
        cookies.commit(first, created).toCompletableFuture().get(30, TimeUnit.SECONDS);
        String setCookie = first.responseHeaders("Set-Cookie").get(0);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return () -> {
          TestExchange next = TestExchange.withHeader("Cookie", cookie);
          Session loaded = cookies.load(next).toCompletableFuture().get(30, TimeUnit.SECONDS);
          assertThat(loaded.isNew()).isFalse();
          loaded.put("cart", "pen");
          cookies.commit(next, loaded).toCompletableFuture().get(30, TimeUnit.SECONDS);
        };
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void scriptsAreSentByShaNotAsSource() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession("dave");
        return () -> {
          request(engine, id, s -> s.put("n", 1));
          request(touchingEngine, id, s -> s.get("n"));
        };
      });

      assertThat(sent).doesNotContainKey("eval");
    }
  }

  /**
   * On Redis Cluster (three primaries started for the test): the principal index lives in another
   * slot, so a write that changes the principal costs extra commands; everything else is the same.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Cluster {
    private PrivateRedis cluster;
    private RedisClient nodeClient;
    private final List<StatefulRedisConnection<String, String>> nodes = new ArrayList<>();
    private RedisClusterClient storeClient;
    private CommandCount count;
    private RedisSessionStore store;
    private SessionManager engine;

    @BeforeAll
    void start() {
      cluster = PrivateRedis.cluster();
      nodeClient = RedisClient.create();
      for (int port : cluster.ports()) {
        nodes.add(nodeClient.connect(RedisURI.create("127.0.0.1", port)));
      }
      count = new CommandCount(nodes.stream().<io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String>>map(
          StatefulRedisConnection::sync).toList());
      storeClient = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
      storeClient.addListener(count);
      store = RedisSessionStore.builder().client(storeClient).keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
      engine = SessionManager.create(EngineRequests.config(store).build());
    }

    @AfterAll
    void stop() {
      if (store != null) {
        store.close();
      }
      nodes.forEach(StatefulRedisConnection::close);
      if (nodeClient != null) {
        nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (storeClient != null) {
        storeClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (cluster != null) {
        cluster.close();
      }
    }

    private String existingSession(String principal) throws Exception {
      return request(engine, null, s -> {
        s.put("cart", "book");
        if (principal != null) {
          s.put(PRINCIPAL_ATTRIBUTE, principal);
        }
      }).lastResponseHeader(ID_HEADER);
    }

    @Test
    void readOnlyRequestIsOneCommand() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession("erin");
        return () -> request(engine, id, s -> s.get("cart"));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L));
    }

    @Test
    void modifyingRequestThatKeepsThePrincipalIsOneReadAndOneScript() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession("erin");
        return () -> request(engine, id, s -> s.put("cart", "pen"));
      });

      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 1L));
    }

    @Test
    void newSessionWithAPrincipalIndexesItFirst() throws Exception {
      Map<String, Long> sent = count.measure(() -> () -> request(engine, null, s -> s.put(PRINCIPAL_ATTRIBUTE, "frank")));

      assertThat(sent).isEqualTo(Map.of("evalsha", 2L));
    }

    @Test
    void loginOnAnExistingSessionCostsTwoMoreScripts() throws Exception {
      Map<String, Long> sent = count.measure(() -> {
        String id = existingSession(null);
        return () -> request(engine, id, s -> s.put(PRINCIPAL_ATTRIBUTE, "gina"));
      });

      // the new principal's index (another slot) is written first, then the update script runs
      assertThat(sent).isEqualTo(Map.of("hgetall", 1L, "evalsha", 2L));
    }
  }
}
