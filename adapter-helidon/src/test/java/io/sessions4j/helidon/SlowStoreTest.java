package io.sessions4j.helidon;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store whose operations complete later on its own threads: requests still succeed, and a
 * request waiting for the store holds only its own virtual thread, never a thread the server
 * needs for other requests.
 */
class SlowStoreTest {
  /** Every answer 20 ms later on the store's thread; patches run over its get and save, as a remote store's would. */
  final ScriptedStore store = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build())
      .delay(Duration.ofMillis(20));
  final List<Boolean> handlerThreadsVirtual = new java.util.concurrent.CopyOnWriteArrayList<>();
  TestServer server;

  @BeforeEach
  void start() {
    SessionConfig config = SessionConfig.builder().store(store).build();
    server = TestServer.start(SessionFeature.create(config), routing -> routing
        .get("/incr", (req, res) -> {
          handlerThreadsVirtual.add(Thread.currentThread().isVirtual());
          Session session = Sessions.get(req);
          Object n = session.get("n");
          session.put("n", n == null ? 1 : ((Number) n).intValue() + 1);
          res.send(String.valueOf(session.get("n")));
        })
        .get("/view", (req, res) -> res.send(String.valueOf(Sessions.get(req).get("n"))))
        .get("/change-id", (req, res) -> {
          Sessions.get(req).changeId();
          res.send("changed");
        })
        .get("/destroy", (req, res) -> {
          Sessions.get(req).destroy();
          res.send("destroyed");
        })
        .get("/plain", (req, res) -> res.send("plain")));
  }

  @AfterEach
  void stop() {
    store.release();
    server.close();
  }

  @Test
  void everyLifecycleStepSucceedsOnAStoreThatCompletesLaterOnItsOwnThreads() throws Exception {
    HttpResponse<String> first = server.get("/incr");
    String sid = TestServer.cookie(first, "sid");
    assertThat(first.body()).isEqualTo("1");
    assertThat(server.get("/incr", sid).body()).isEqualTo("2");

    String changed = TestServer.cookie(server.get("/change-id", sid), "sid");
    assertThat(changed).isNotNull().isNotEqualTo(sid);
    assertThat(server.get("/view", changed).body()).isEqualTo("2");
    assertThat(server.get("/view", sid).body()).isEqualTo("null");

    server.get("/destroy", changed);
    assertThat(server.get("/view", changed).body()).isEqualTo("null");
    assertThat(handlerThreadsVirtual).containsOnly(true);
  }

  @Test
  void requestsWaitingOnTheStoreLeaveTheServerFreeToServeOthers() throws Exception {
    String sid = TestServer.cookie(server.get("/incr"), "sid");
    int earlierGets = store.calls(GET);
    // more waiting requests than carrier threads: if a wait pinned its carrier, nothing else could run
    int waiting = Runtime.getRuntime().availableProcessors() + 2;
    store.hold(GET);
    ExecutorService clients = Executors.newFixedThreadPool(waiting);
    try {
      List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
      for (int i = 0; i < waiting; i++) {
        pending.add(CompletableFuture.supplyAsync(() -> {
          try {
            return server.get("/view", sid);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, clients));
      }
      store.awaitHeld(waiting); // every request reached the store (a TimeoutException after 30 s otherwise)

      HttpResponse<String> other = server.get("/plain");

      assertThat(other.body()).isEqualTo("plain");
      assertThat(pending).noneMatch(CompletableFuture::isDone);
      List<Thread> getCallers = store.callers(GET);
      assertThat(getCallers.subList(earlierGets, getCallers.size())).hasSize(waiting).allMatch(Thread::isVirtual);

      store.release();
      for (CompletableFuture<HttpResponse<String>> r : pending) {
        assertThat(r.join().body()).isEqualTo("1");
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
