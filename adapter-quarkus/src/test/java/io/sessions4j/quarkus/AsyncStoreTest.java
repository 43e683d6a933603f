package io.sessions4j.quarkus;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.sessions4j.quarkus.app.AppRoutes;
import io.sessions4j.testing.ScriptedStore;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter with a store that completes on its own thread, as JDBC and Redis stores do, through
 * the application-wide filter the adapter registers. The application runs ONE event loop (see
 * application.properties), so a request answered while another request's store operation is held
 * pending proves the loop was not blocked; and the store records any thread that blocked waiting
 * for it.
 */
@QuarkusTest
class AsyncStoreTest {
  private static final String EVENT_LOOP = "vert.x-eventloop-thread";

  @Inject
  ScriptedStore store;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  @BeforeEach
  void resetStore() {
    store.reset();
  }

  @AfterEach
  void noEventLoopThreadBlockedOnTheStore() {
    try {
      assertThat(store.blockingWaits()).noneMatch(thread -> thread.startsWith(EVENT_LOOP));
    } finally {
      store.reset();
    }
  }

  @Test
  void eventLoopServesOtherRequestsWhileACommitWaitsForTheStore() throws Exception {
    store.hold();
    CompletableFuture<HttpResponse<String>> pending = sendAsync("/app/set?k=v", null);
    assertThat(store.awaitHeld()).isEqualTo(SAVE);

    HttpResponse<String> other = send("/app/free", null);
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
    assertThat(send("/app/view", sid).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void eventLoopServesOtherRequestsWhileALoadWaitsForTheStore() throws Exception {
    String sid = sessionCookie(send("/app/set?k=v", null));
    store.hold();
    CompletableFuture<HttpResponse<String>> pending = sendAsync("/app/view", sid);
    assertThat(store.awaitHeld()).isEqualTo(GET);

    assertThat(send("/app/free", null).statusCode()).isEqualTo(200);
    assertThat(pending).isNotDone();

    store.delay(Duration.ZERO);
    store.release();
    assertThat(pending.get().body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void delayedStoreGivesEveryKindOfResponseItsCookie() throws Exception {
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> set = send("/app/set?a=1", null);
    String sid = sessionCookie(set);
    assertThat(sid).as("cookie of end(body)").isNotNull();
    assertThat(send("/app/view", sid).body()).isEqualTo("{\"a\":\"1\"}");

    HttpResponse<String> streamed = send("/app/stream?b=2", sid);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.body()).isEqualTo("one,two,three");
    assertThat(send("/app/view", sid).body()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");

    HttpResponse<String> redirected = send("/app/redirect?c=3", null);
    assertThat(redirected.statusCode()).isEqualTo(302);
    String other = sessionCookie(redirected);
    assertThat(other).as("cookie of a redirect").isNotNull();
    assertThat(send("/app/view", other).body()).isEqualTo("{\"c\":\"3\"}");

    HttpResponse<String> destroyed = send("/app/destroy", sid);
    assertThat(destroyed.headers().allValues("Set-Cookie")).anyMatch(h -> h.startsWith("sid=;"));
    assertThat(send("/app/view", sid).body()).isEqualTo("{}");
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
    assertThat(send("/app/view", sessionCookie(streamed)).body()).isEqualTo("{\"s\":\"1\"}");
  }

  @Test
  void failedAsynchronousCommitTurnsTheResponseInto503() throws Exception {
    store.delay(Duration.ofMillis(20));
    store.failNext(SAVE);

    HttpResponse<String> failed = send("/app/set?k=v", null);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(failed.body()).doesNotContain("\"k\"");
    assertThat(sessionCookie(failed)).isNull();
  }

  @Test
  void failedCommitOfAStreamedResponseDropsItsBody() throws Exception {
    store.delay(Duration.ofMillis(20));
    store.failNext(SAVE);

    HttpResponse<String> failed = send("/app/stream?k=v", null);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).doesNotContain("one,");
    // the connection is still usable for the next response
    assertThat(send("/app/free", null).body()).isEqualTo("free");
  }

  @Test
  void storeFailureAtTheFirstUseOfTheSessionAnswers503() throws Exception {
    String sid = sessionCookie(send("/app/set?k=v", null));
    store.delay(Duration.ofMillis(20));
    store.failNext(GET);

    HttpResponse<String> failed = send("/app/count", sid);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(failed.body()).doesNotContain("\"k\"");
  }

  @Test
  void routeThatNeverUsesTheSessionCostsNoStoreRead() throws Exception {
    String sid = sessionCookie(send("/app/set?k=v", null));
    store.delay(Duration.ofMillis(20));
    store.failNext(GET); // a read would fail the request

    HttpResponse<String> free = send("/app/free", sid);

    assertThat(free.statusCode()).isEqualTo(200);
    assertThat(free.body()).isEqualTo("free");
    assertThat(free.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void synchronousFirstUseOnTheEventLoopFailsInsteadOfWaitingForTheStore() throws Exception {
    String sid = sessionCookie(send("/app/set?k=v", null));
    store.delay(Duration.ofMillis(20));

    HttpResponse<String> answered = send("/app/view-sync", sid);

    assertThat(answered.statusCode()).isEqualTo(500);
    store.delay(Duration.ZERO);
    assertThat(send("/app/view-sync", sid).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void explicitSaveCommitsBeforeTheResponseIsWritten() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> saved = send("/app/save?k=v", null);
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(send("/app/view", sessionCookie(saved)).body()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void blockingRestEndpointWritesFromAWorkerThreadAndStillSendsTheCookie() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> set = send("/rest/set?k=worker&v=1", null);
    assertThat(set.body()).as("thread that ran the resource").doesNotStartWith(EVENT_LOOP);
    String sid = sessionCookie(set);
    assertThat(sid).isNotNull();
    assertThat(send("/rest/view", sid).body()).isEqualTo("{\"worker\":\"1\"}");
  }

  @Test
  void reactiveRestEndpointOnTheEventLoopStillSendsTheCookie() throws Exception {
    store.delay(Duration.ofMillis(20));
    HttpResponse<String> set = send("/rest/set-reactive?k=loop&v=1", null);
    assertThat(set.body()).as("thread that ran the resource").startsWith(EVENT_LOOP);
    String sid = sessionCookie(set);
    assertThat(sid).isNotNull();
    assertThat(send("/rest/view", sid).body()).isEqualTo("{\"loop\":\"1\"}");
  }

  @Test
  void requestBodySurvivesAnAsynchronousLoad() throws Exception {
    String sid = sessionCookie(send("/rest/set?k=a&v=1", null));
    store.delay(Duration.ofMillis(20));
    HttpRequest post = HttpRequest.newBuilder(request("/rest/body", sid).uri())
        .header("Cookie", sid)
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1_000_000)))
        .timeout(Duration.ofSeconds(30))
        .build();

    HttpResponse<String> answered = http.send(post, HttpResponse.BodyHandlers.ofString());

    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("{\"a\":\"1\",\"received\":1000000}");
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String path, String cookie) {
    return http.sendAsync(request(path, cookie), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String path, String cookie) throws Exception {
    return http.send(request(path, cookie), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String path, String cookie) {
    int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return b.build();
  }

  /** {@code sid=VALUE} from the response's session Set-Cookie, or null. */
  static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sid=") && !h.startsWith("sid=;"))
        .map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
        .findFirst().orElse(null);
  }
}
