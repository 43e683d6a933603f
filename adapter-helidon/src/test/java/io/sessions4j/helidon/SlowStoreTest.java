package io.sessions4j.helidon;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.SlowStoreContract;
import java.net.URI;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The slow-store contract on Helidon, which runs each request on its own virtual thread instead of
 * an event loop: a request waiting for the store holds only its own virtual thread, never a thread
 * the server needs for other requests.
 */
class SlowStoreTest extends SlowStoreContract {
  /** Whether each run of {@code /thread} was on a virtual thread. */
  private final List<Boolean> routeThreadsVirtual = new CopyOnWriteArrayList<>();

  @Override
  protected Server start() {
    // patches run over the store's get and save, as a remote store's would
    ScriptedStore store = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
    TestServer server = TestServer.start(SessionFeature.create(SessionConfig.builder().store(store).build()), routing -> routing
        .get("/thread", (req, res) -> {
          Sessions.of(req).isNew(); // the first use loads the session
          routeThreadsVirtual.add(Thread.currentThread().isVirtual());
          res.send(Thread.currentThread().getName());
        })
        .get("/set", (req, res) -> {
          Session session = Sessions.of(req);
          req.query().names().forEach(name -> session.put(name, req.query().get(name)));
          res.send("ok");
        })
        .get("/view", (req, res) -> res.send(new TreeMap<>(Sessions.of(req).attributes()).toString()))
        .get("/change-id", (req, res) -> {
          Sessions.of(req).changeId();
          res.send("ok");
        })
        .get("/destroy", (req, res) -> {
          Sessions.of(req).destroy();
          res.send("ok");
        })
        .get("/untouched", (req, res) -> res.send("untouched")));
    return new Server(store, server::uri, server);
  }

  /** More waiting requests than carrier threads: if a wait pinned its carrier, nothing else could run. */
  @Override
  protected int pendingReads() {
    return Runtime.getRuntime().availableProcessors() + 2;
  }

  /** A thread per request: routes run on virtual threads, and only those wait for the store. */
  @Override
  protected void assertNoServerThreadWaited(String free, List<String> loaded) {
    assertThat(routeThreadsVirtual).as("whether each route ran on a virtual thread").isNotEmpty().containsOnly(true);
    assertThat(store.callers(GET)).as("the threads that read the store").isNotEmpty().allMatch(Thread::isVirtual);
  }
}
