package io.sessions4j.quarkus;

import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.quarkus.app.AppRoutes;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.SlowStoreContract;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter with a store that completes on its own thread, as JDBC and Redis stores do, through
 * the application-wide filter the adapter registers: the slow-store contract (its routes are
 * adapter-vertx's {@code SlowStoreRoutes}, mounted by {@link AppRoutes}), and what Quarkus adds (commits, streamed and REST responses). The
 * application runs ONE event loop (see application.properties), so a request answered while another
 * request's store operation is held pending proves the loop was not blocked; and the store records
 * any thread that blocked waiting for it.
 */
@QuarkusTest
class AsyncStoreTest extends SlowStoreContract {
  private static final String EVENT_LOOP = "vert.x-eventloop-thread";

  @Inject
  ScriptedStore scriptedStore;

  @Override
  protected Server start() {
    scriptedStore.reset();
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    // the application keeps running, for the next test
    return new Server(scriptedStore, route -> URI.create("http://127.0.0.1:" + port + route), scriptedStore::reset);
  }

  @AfterEach
  void noEventLoopThreadBlockedOnTheStore() {
    assertThat(store.blockingWaits()).noneMatch(thread -> thread.startsWith(EVENT_LOOP));
  }

  @Test
  void eventLoopServesOtherRequestsWhileACommitWaitsForTheStore() throws Exception {
    store.hold();
    CompletableFuture<HttpResponse<String>> pending = sendAsync("/app/set?k=v", null);
    assertThat(store.awaitHeld()).isEqualTo(SAVE);

    HttpResponse<String> other = get("/app/free");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo("free");
    assertThat(pending).isNotDone();

    store.delay(Duration.ZERO);
    store.release();
    HttpResponse<String> answered = pending.get();
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("{\"k\":\"v\"}");
    String sid = sessionCookie(answered);
    assertThat(sid).as("Set-Cookie of the held response").isNotNull();
    assertThat(get("/app/view", sid).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void delayedStoreGivesEveryKindOfResponseItsCookie() throws Exception {
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> set = get("/app/set?a=1");
    String sid = sessionCookie(set);
    assertThat(sid).as("cookie of end(body)").isNotNull();
    assertThat(get("/app/view", sid).body()).isEqualTo("{\"a\":\"1\"}");

    HttpResponse<String> streamed = get("/app/stream?b=2", sid);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).isEqualTo("one,two,three");
    assertThat(get("/app/view", sid).body()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");

    HttpResponse<String> redirected = get("/app/redirect?c=3");
    assertThat(redirected.statusCode()).isEqualTo(302);
    String other = sessionCookie(redirected);
    assertThat(other).as("cookie of a redirect").isNotNull();
    assertThat(get("/app/view", other).body()).isEqualTo("{\"c\":\"3\"}");

    HttpResponse<String> destroyed = get("/app/destroy", sid);
    assertThat(destroyed.headers().allValues("Set-Cookie")).anyMatch(h -> h.startsWith("sid=;"));
    assertThat(get("/app/view", sid).body()).isEqualTo("{}");
  }

  @Test
  void streamedResponseIsHeldUntilTheCommitCompletes() throws Exception {
    store.hold();
    CompletableFuture<HttpResponse<String>> pending = sendAsync("/app/stream?s=1", null);
    assertThat(store.awaitHeld()).isEqualTo(SAVE);
    assertThat(pending).isNotDone();

    store.delay(Duration.ZERO);
    store.release();
    HttpResponse<String> streamed = pending.get();
    assertThat(streamed.body()).isEqualTo("one,two,three");
    assertThat(get("/app/view", sessionCookie(streamed)).body()).isEqualTo("{\"s\":\"1\"}");
  }

  @Test
  void failedAsynchronousCommitTurnsTheResponseInto503() throws Exception {
    store.delay(Duration.ofMillis(20));
    store.failNext(SAVE);

    HttpResponse<String> failed = get("/app/set?k=v");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(failed.body()).doesNotContain("\"k\"");
    assertThat(sessionCookie(failed)).isNull();
  }

  @Test
  void failedCommitOfAStreamedResponseDropsItsBody() throws Exception {
    store.delay(Duration.ofMillis(20));
    store.failNext(SAVE);

    HttpResponse<String> failed = get("/app/stream?k=v");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).doesNotContain("one,");
    // the connection is still usable for the next response
    assertThat(get("/app/free").body()).isEqualTo("free");
  }

  @Test
  void synchronousFirstUseOnTheEventLoopFailsInsteadOfWaitingForTheStore() throws Exception {
    String sid = sessionCookie(get("/app/set?k=v"));
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> answered = get("/app/view-sync", sid);

    assertThat(answered.statusCode()).isEqualTo(500);
    store.delay(Duration.ZERO);
    assertThat(get("/app/view-sync", sid).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void explicitSaveCommitsBeforeTheResponseIsWritten() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> saved = get("/app/save?k=v");
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(get("/app/view", sessionCookie(saved)).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void blockingRestEndpointWritesFromAWorkerThreadAndStillSendsTheCookie() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> set = get("/rest/set?k=worker&v=1");
    assertThat(set.body()).as("thread that ran the resource").doesNotStartWith(EVENT_LOOP);
    String sid = sessionCookie(set);
    assertThat(sid).isNotNull();
    assertThat(get("/rest/view", sid).body()).isEqualTo("{\"worker\":\"1\"}");
  }

  @Test
  void reactiveRestEndpointOnTheEventLoopStillSendsTheCookie() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> set = get("/rest/set-reactive?k=loop&v=1");
    assertThat(set.body()).as("thread that ran the resource").startsWith(EVENT_LOOP);
    String sid = sessionCookie(set);
    assertThat(sid).isNotNull();
    assertThat(get("/rest/view", sid).body()).isEqualTo("{\"loop\":\"1\"}");
  }

  @Test
  void requestBodySurvivesAnAsynchronousLoad() throws Exception {
    String sid = sessionCookie(get("/rest/set?k=a&v=1"));
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> answered = post("/rest/body", sid, "x".repeat(1_000_000));

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("{\"a\":\"1\",\"received\":1000000}");
  }
}
