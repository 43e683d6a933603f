package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.testing.ScriptedStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that answers later, on its own threads, never blocks Netty's event loop. The server runs
 * a single event-loop thread: if any request waited for the store on it, no other request could be
 * served meanwhile.
 */
class SlowStoreTest {
  TestClient app;
  ScriptedStore store;

  @BeforeEach
  void start() {
    app = TestClient.start("SlowStoreTest", Map.of(
        "spec.routes", "session",
        "spec.store", "shaped",
        "micronaut.netty.event-loops.default.num-threads", 1));
    store = app.context.getBean(ScriptedStore.class);
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void theEventLoopServesOtherRequestsWhileAStoreReadIsPending() throws Exception {
    store.hold();
    HttpClient other = HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> held = other.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.server.getPort() + "/s/thread"))
            .header("Cookie", "sid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(store.awaitHeld()).as("the held request reached the store").isEqualTo(GET);

    HttpResponse<String> served = app.get("/s/thread");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(held).as("the first request is still waiting for the store").isNotDone();
    store.release(); // the store answers, on its own thread
    HttpResponse<String> released = held.get(30, TimeUnit.SECONDS);
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(released.body())
        .as("the route resumed on the event loop, not on the thread that completed the store call")
        .isEqualTo(served.body());
    assertThat(store.blockingWaits()).isEmpty();
  }

  @Test
  void requestsSucceedAndNothingWaitsWhenEveryStoreCallCompletesLaterOnAnotherThread() {
    String loop = app.get("/s/thread").body(); // no cookie, nothing to store: answered on the loop
    store.delay(Duration.ofMillis(20));

    String sid = cookie(app.get("/s/set?k=a&v=1"), "sid");
    app.get("/s/incr", "Cookie", sid);
    HttpResponse<String> changed = app.get("/s/change-id", "Cookie", sid);
    String newSid = cookie(changed, "sid");
    HttpResponse<String> view = app.get("/s/view", "Cookie", newSid);
    HttpResponse<String> thread = app.get("/s/thread", "Cookie", newSid);
    HttpResponse<String> destroyed = app.get("/s/destroy", "Cookie", newSid);

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(newSid).isNotNull().isNotEqualTo(sid);
    assertThat(view.body()).isEqualTo("{a=1, n=1}");
    assertThat(thread.body()).isEqualTo(loop);
    assertThat(destroyed.statusCode()).isEqualTo(200);
    assertThat(app.get("/s/view", "Cookie", newSid).body()).isEqualTo("{}");
    assertThat(store.answerThreads()).isNotEmpty().doesNotContain(loop);
    assertThat(store.blockingWaits()).isEmpty();
  }
}
