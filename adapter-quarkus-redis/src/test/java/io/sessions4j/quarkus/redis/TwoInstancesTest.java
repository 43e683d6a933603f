package io.sessions4j.quarkus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.quarkus.SessionsConfig;
import io.sessions4j.quarkus.redis.app.CounterRoutes;
import io.sessions4j.store.redis.RedisSessionStore;
import io.sessions4j.vertx.SessionRouteFilter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of one application share their sessions through Redis: the Quarkus application
 * under test (its store from {@code quarkus.redis.hosts} and {@code sessions4j.redis.*} by {@link
 * RedisStoreProducer}) and a second instance started here from the same configuration with the
 * same wiring ({@link RedisStoreSettings}, the same {@code sessions4j.*} options, adapter-vertx's
 * filter, the same route) on its own Vert.x, its own Redis connection and its own engine. A
 * session created on either is read and changed on the other.
 */
@QuarkusTest
@ExtendWith(RequiresRedis.class)
class TwoInstancesTest {
  /**
   * HTTP/1.1, as browsers speak to a plain-HTTP server (the JDK client would upgrade to h2c, where a
   * commit still pending on Redis when the head is written cannot add its cookie: adapter-vertx's
   * README, "HTTP/2").
   */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Inject
  SessionStore store;

  @Inject
  SessionsConfig sessions;

  @Inject
  Config config;

  private Vertx vertx;
  private RedisSessionStore otherStore;
  private SessionManager otherEngine;
  private URI other;

  @BeforeEach
  void startSecondInstance() throws Exception {
    otherStore = RedisStoreSettings.from(config).build();
    TreeMap<String, String> options = new TreeMap<>(sessions.options());
    options.keySet().removeIf(name -> name.startsWith("redis."));
    SessionConfig sameOptions = SessionProperties.toBuilder(options).store(otherStore).build();
    otherEngine = SessionManager.create(sameOptions);
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new SessionRouteFilter(otherEngine));
    router.get("/count").handler(ctx -> CounterRoutes.count(ctx, "second"));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get();
    other = URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @AfterEach
  void stopSecondInstance() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    otherEngine.close();
    otherStore.close();
  }

  @Test
  void theApplicationsStoreIsTheRedisStoreFromItsConfiguration() {
    assertThat(store).isInstanceOf(RedisSessionStore.class);
    assertThat(((RedisSessionStore) store).keyPrefix()).isEqualTo("sessions4j-test:quarkus-redis:");
  }

  @Test
  void sessionCreatedOnOneInstanceIsReadAndChangedOnTheOther() throws Exception {
    HttpResponse<String> first = get(quarkus(), null);
    assertThat(first.body()).isEqualTo("{\"views\":1,\"by\":\"quarkus\"}");
    String cookie = sessionCookie(first);

    assertThat(get(other, cookie).body()).isEqualTo("{\"views\":2,\"by\":\"second\"}");
    assertThat(get(quarkus(), cookie).body()).isEqualTo("{\"views\":3,\"by\":\"quarkus\"}");
  }

  @Test
  void sessionCreatedOnTheOtherInstanceIsReadByTheQuarkusApplication() throws Exception {
    HttpResponse<String> first = get(other, null);
    assertThat(first.body()).isEqualTo("{\"views\":1,\"by\":\"second\"}");

    assertThat(get(quarkus(), sessionCookie(first)).body()).isEqualTo("{\"views\":2,\"by\":\"quarkus\"}");
  }

  private static URI quarkus() {
    return URI.create("http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
  }

  private HttpResponse<String> get(URI base, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/count")).timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("sid="))
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
  }
}
