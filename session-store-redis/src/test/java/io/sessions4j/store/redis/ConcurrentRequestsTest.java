package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.EngineRequests.ID_HEADER;
import static io.sessions4j.store.redis.EngineRequests.load;
import static io.sessions4j.store.redis.EngineRequests.request;
import static io.sessions4j.store.redis.RedisStoreBehaviour.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.store.redis.EngineRequests.InFlight;
import io.sessions4j.testing.TestExchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests of one session racing each other through the real engine on the shared Redis: no
 * attribute change is lost, and nothing destroyed or regenerated away comes back.
 */
class ConcurrentRequestsTest {
  private static final int THREADS = 8;

  private RedisSessionStore store;
  private SessionManager engine;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    store = RedisSessionStore.builder().uri(LocalRedis.uri()).keyPrefix(LocalRedis.uniquePrefix(getClass())).build();
    engine = SessionManager.create(EngineRequests.config(store).build());
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    join(store.clear());
    store.close();
  }

  private String newSession() throws Exception {
    return request(engine, null, s -> s.put("owner", "test")).lastResponseHeader(ID_HEADER);
  }

  private Map<String, Object> attributesOf(String id) throws Exception {
    Map<String, Object> seen = new HashMap<>();
    TestExchange exchange = request(engine, id, s -> {
      assertThat(s.isNew()).as("session %s still exists", id).isFalse();
      seen.putAll(s.attributes());
    });
    assertThat(exchange.lastResponseHeader(ID_HEADER)).isNull();
    return seen;
  }

  private List<Future<?>> runTogether(List<Callable<Void>> tasks) throws Exception {
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    List<Future<?>> futures = new ArrayList<>();
    for (Callable<Void> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await(30, TimeUnit.SECONDS);
        return task.call();
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    return futures;
  }

  @Test
  void manyRequestsChangingDifferentAttributesOfOneSessionLoseNoChange() throws Exception {
    String id = newSession();
    int rounds = 10;
    for (int round = 0; round < rounds; round++) {
      int r = round;
      List<Callable<Void>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        writers.add(() -> {
          request(engine, id, s -> s.put("thread-" + thread, r));
          return null;
        });
      }
      runTogether(writers);
    }

    Map<String, Object> attributes = attributesOf(id);
    for (int t = 0; t < THREADS; t++) {
      assertThat(attributes).containsEntry("thread-" + t, rounds - 1);
    }
    assertThat(attributes).containsEntry("owner", "test");
  }

  @Test
  void requestsInFlightWhenAnotherChangesTheSessionMergeInsteadOfOverwriting() throws Exception {
    String id = newSession();
    List<InFlight> inFlight = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      InFlight request = load(engine, id);
      request.session().put("slow-" + i, i);
      inFlight.add(request);
    }
    request(engine, id, s -> s.remove("owner"));

    for (InFlight request : inFlight) {
      request.commit(engine);
    }

    Map<String, Object> attributes = attributesOf(id);
    for (int i = 0; i < THREADS; i++) {
      assertThat(attributes).containsEntry("slow-" + i, i);
    }
    assertThat(attributes).doesNotContainKey("owner");
  }

  @Test
  void sessionDestroyedWhileRequestsAreInFlightIsNeverBroughtBack() throws Exception {
    String id = newSession();
    List<InFlight> inFlight = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      InFlight request = load(engine, id);
      request.session().put("late-" + i, i);
      inFlight.add(request);
    }
    InFlight toucher = load(engine, id);
    toucher.session().touch();

    request(engine, id, Session::destroy);
    for (InFlight request : inFlight) {
      request.commit(engine);
      assertThat(request.exchange().lastResponseHeader(ID_HEADER)).isNull();
    }
    toucher.commit(engine);

    assertThat(join(store.get(id))).isEmpty();
  }

  @Test
  void destroyRacingManyWritersLeavesTheSessionDestroyed() throws Exception {
    for (int round = 0; round < 20; round++) {
      String id = newSession();
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS - 1; t++) {
        int thread = t;
        tasks.add(() -> {
          request(engine, id, s -> s.put("w" + thread, thread));
          return null;
        });
      }
      tasks.add(() -> {
        request(engine, id, Session::destroy);
        return null;
      });

      runTogether(tasks);

      assertThat(join(store.get(id))).as("round %d", round).isEmpty();
    }
  }

  @Test
  void sessionRegeneratedWhileARequestIsInFlightIsNeverBroughtBack() throws Exception {
    String id = newSession();
    InFlight slow = load(engine, id);
    slow.session().put("late", true);

    String regenerated = request(engine, id, s -> {
      s.regenerate();
      s.put("fresh", true);
    }).lastResponseHeader(ID_HEADER);
    slow.commit(engine);

    assertThat(regenerated).isNotEqualTo(id);
    assertThat(join(store.get(id))).isEmpty();
    assertThat(attributesOf(regenerated)).containsOnlyKeys("fresh");
  }

  @Test
  void sessionWhoseIdChangedWhileARequestIsInFlightIsNeverBroughtBackUnderTheOldId() throws Exception {
    String id = newSession();
    InFlight slow = load(engine, id);
    slow.session().put("late", true);

    String changed = request(engine, id, Session::changeId).lastResponseHeader(ID_HEADER);
    slow.commit(engine);

    assertThat(changed).isNotEqualTo(id);
    assertThat(join(store.get(id))).isEmpty();
    assertThat(attributesOf(changed)).containsEntry("owner", "test");
  }

  @Test
  void twoConcurrentChangeIdsLeaveExactlyOneLiveSession() throws Exception {
    String id = newSession();
    InFlight first = load(engine, id);
    InFlight second = load(engine, id);
    first.session().changeId();
    second.session().changeId();

    first.commit(engine);
    second.commit(engine);

    List<String> live = new ArrayList<>();
    for (String candidate : List.of(id, first.session().id(), second.session().id())) {
      Optional<StoredSession> found = join(store.get(candidate));
      if (found.isPresent()) {
        live.add(candidate);
      }
    }
    assertThat(live).as("live ids after two concurrent change-id").hasSize(1);
  }
}
