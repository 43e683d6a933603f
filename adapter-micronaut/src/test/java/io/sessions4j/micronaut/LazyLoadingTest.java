package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.testing.ScriptedStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lazy loading on Micronaut: a route without a Session argument reads the store only when it uses
 * the session, and an event loop never waits for it (a store answering later, on its own thread).
 * A route that never uses its session, and one with a Session argument, are in {@link SlowStoreTest}.
 */
class LazyLoadingTest {
  TestClient app;
  ScriptedStore store;
  String sid;

  @BeforeEach
  void start() {
    app = TestClient.start("LazyLoadingTest", Map.of(
        "spec.routes", "session",
        "spec.store", "shaped",
        "micronaut.netty.event-loops.default.num-threads", 1));
    store = app.context.getBean(ScriptedStore.class);
    sid = cookie(app.get("/s/set?k=k&v=a"), "sid");
    store.delay(Duration.ofMillis(20)); // from now on every store answer comes later, on another thread
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void eventLoopCodeUsesTheSessionOnceLoaded() {
    HttpResponse<String> r = app.get("/s/async-accessor", "Cookie", sid);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("a");
    assertThat(store.blockingWaits()).isEmpty();
  }

  @Test
  void synchronousFirstUseOnTheEventLoopFailsInsteadOfWaiting() {
    HttpResponse<String> r = app.get("/s/sync-accessor", "Cookie", sid);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(store.blockingWaits()).as("threads that waited for the store").isEmpty();
  }

  @Test
  void synchronousFirstUseWorksWhenTheStoreAnswersAtOnce() {
    store.delay(Duration.ZERO);
    assertThat(app.get("/s/sync-accessor", "Cookie", sid).body()).isEqualTo("a");
  }
}
