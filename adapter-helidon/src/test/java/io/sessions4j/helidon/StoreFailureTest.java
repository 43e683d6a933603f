package io.sessions4j.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.harness.InstrumentedStore;
import io.sessions4j.conformance.harness.InstrumentedStore.Failure;
import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.store.memory.MemoryStore;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures of the store or of the cookie's size become the answers the adapter contract names. */
class StoreFailureTest {
  final InstrumentedStore store = new InstrumentedStore(MemoryStore.builder().build());
  final AtomicInteger handlerRuns = new AtomicInteger();
  TestServer server;

  void startStoreMode() {
    SessionConfig config = SessionConfig.builder()
        .store(store)
        .storeFailurePolicy(StoreFailurePolicy.FAIL)
        .build();
    server = TestServer.start(SessionFeature.create(config), routing -> routing
        .get("/set", (req, res) -> {
          handlerRuns.incrementAndGet();
          Sessions.get(req).put("a", "1");
          res.send("handler body");
        })
        .get("/plain", (req, res) -> res.send("no session needed"))
        .get("/stream", (req, res) -> {
          handlerRuns.incrementAndGet();
          Sessions.get(req).put("a", "2");
          try (OutputStream out = res.outputStream()) {
            out.write("handler body".getBytes(StandardCharsets.UTF_8));
          }
        }));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void storeFailingOnTheFirstUseOfTheSessionAnswers503() throws Exception {
    startStoreMode();
    String sid = TestServer.cookie(server.get("/set"), "sid");
    store.failNext(Failure.GET, 1);

    HttpResponse<String> r = server.get("/set", sid);

    // lazy loading: the handler runs until its first use of the session, which throws
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(r.body()).doesNotContain("handler body");
    assertThat(TestServer.cookie(r, "sid")).isNull();
  }

  @Test
  void handlerThatNeverUsesTheSessionIsNotAffectedByTheStore() throws Exception {
    startStoreMode();
    String sid = TestServer.cookie(server.get("/set"), "sid");
    long reads = store.counts().get();
    store.failNext(Failure.GET, 1);

    HttpResponse<String> r = server.get("/plain", sid);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("no session needed");
    assertThat(TestServer.cookie(r, "sid")).isNull();
    assertThat(store.counts().get()).isEqualTo(reads);
  }

  @Test
  void storeFailingOnCommitAnswers503InsteadOfTheHandlersAnswer() throws Exception {
    startStoreMode();
    store.failNext(Failure.SAVE, 1);

    HttpResponse<String> r = server.get("/set");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(r.body()).doesNotContain("handler body");
    assertThat(TestServer.cookie(r, "sid")).isNull();
  }

  @Test
  void storeFailingOnCommitBeforeAStreamedBodyAnswers503() throws Exception {
    startStoreMode();
    store.failNext(Failure.SAVE, 1);

    HttpResponse<String> r = server.get("/stream");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).doesNotContain("handler body");
  }

  @Test
  void cookieOverMaxSizeAnswers500() throws Exception {
    SessionConfig config = SessionConfig.builder()
        .mode(SessionMode.COOKIE)
        .keys("test-key-0123456789abcdef-0123456789")
        .maxCookieSize(200)
        .cookieOverflow(CookieOverflow.FAIL)
        .build();
    server = TestServer.start(SessionFeature.create(config), routing -> routing
        .get("/big", (req, res) -> {
          StringBuilder incompressible = new StringBuilder();
          for (int i = 0; i < 40; i++) {
            incompressible.append(UUID.randomUUID());
          }
          Sessions.get(req).put("big", incompressible.toString());
          res.send("handler body");
        }));

    HttpResponse<String> r = server.get("/big");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("handler body");
    assertThat(TestServer.cookie(r, "sid")).isNull();
  }
}
