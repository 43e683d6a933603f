package io.sessions4j.nodeinterop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.store.redis.compat.node.KoaRedisStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * koa-session in its external-store mode on koa-redis (Koa) and sessions4j with {@code
 * compat=koa-session}, {@code mode=store} on {@link KoaRedisStore}, one Redis: the cookie-mode
 * test's contract (both directions, destroy, key rotation) with the store, plus the layout itself (a UUID key in the cookie, the document under it with {@code
 * _expire}), a destroy on either side removing the key, and the user found and ended from Java.
 */
class KoaRedisInteropTest extends KoaSessionInteropTest {
  private KoaRedisStore store;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  @Override
  Map<String, String> nodeEnv() {
    return Map.of("STORE", "redis", "REDIS_URL", RealServers.requireRedis().uri());
  }

  @Override
  SessionConfig.Builder javaOptions(SessionConfig.Builder builder) {
    if (store == null) {
      store = KoaRedisStore.builder().uri(RealServers.requireRedis().uri()).build();
    }
    return builder.mode(SessionMode.STORE).store(store);
  }

  RedisCommands<String, String> redis() {
    if (client == null) {
      client = RedisClient.create(RealServers.requireRedis().uri());
      connection = client.connect();
    }
    return connection.sync();
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
    if (client != null) {
      connection.close();
      client.shutdown();
    }
  }

  @Test
  void theCookieHoldsTheExternalKeyAndRedisTheDocumentUnderIt() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    String key = browser.jar.get("koa.sess");
    assertThat(UUID.fromString(key).toString()).isEqualTo(key);
    String stored = redis().get(key);
    assertThat(stored).contains("\"passport\":{\"user\":\"alice\"}").contains("\"_expire\":").contains("\"_maxAge\":3600000");
    assertThat(redis().ttl(key)).isBetween(3600L, 3610L);

    // a session Java starts gets a UUID key and koa-session's document, which Node reads
    CookieBrowser other = new CookieBrowser();
    other.request(java("a", "b"), s -> s.put("cart", List.of("book")));
    String javaKey = other.jar.get("koa.sess");
    assertThat(UUID.fromString(javaKey).toString()).isEqualTo(javaKey);
    assertThat(redis().get(javaKey)).contains("\"cart\":[\"book\"]").contains("\"_expire\":");
    JsonNode view = other.get(node("a", "b"), "/view");
    assertThat(view.get("key").asText()).isEqualTo(javaKey);
    assertThat(view.get("session").get("cart").get(0).asText()).isEqualTo("book");
  }

  @Test
  void aDestroyOnEitherSideRemovesTheKeySoAnOldCookieFindsNothingOnTheOther() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    Map<String, String> oldCookies = Map.copyOf(browser.jar);
    browser.request(java("a", "b"), io.sessions4j.core.Session::destroy);
    assertThat(redis().exists(oldCookies.get("koa.sess"))).isZero();
    CookieBrowser replay = new CookieBrowser();
    replay.jar.putAll(oldCookies);
    assertThat(replay.get(node("a", "b"), "/view").get("session").has("passport")).isFalse();

    CookieBrowser second = new CookieBrowser();
    second.request(java("a", "b"), s -> s.put("passport", Map.of("user", "bob")));
    Map<String, String> javaCookies = Map.copyOf(second.jar);
    second.get(node("a", "b"), "/destroy");
    assertThat(redis().exists(javaCookies.get("koa.sess"))).isZero();
    CookieBrowser replayed = new CookieBrowser();
    replayed.jar.putAll(javaCookies);
    replayed.request(java("a", "b"), s -> assertThat(s.isNew()).isTrue());
  }

  @Test
  void aUserTheKoaAppLoggedInIsFoundAndEndedFromJava() {
    String user = "koa-user-" + UUID.randomUUID();
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=" + user);
    SessionManager admin = java("a", "b");
    assertThat(admin.findSessionIds(user).toCompletableFuture().join()).containsExactly(browser.jar.get("koa.sess"));
    assertThat(admin.destroyAll(user).toCompletableFuture().join()).isEqualTo(1);
    assertThat(browser.get(node("a", "b"), "/view").get("session").has("passport")).isFalse();
  }
}
