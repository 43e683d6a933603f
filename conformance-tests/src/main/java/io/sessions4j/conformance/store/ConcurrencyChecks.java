package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: concurrency: parallel and lockstep requests of one session lose no change, and a destroyed or regenerated session is never brought back (S9). A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class ConcurrencyChecks extends PatchAndTakeChecks {

  // ---- S9: concurrency ------------------------------------------------------------------------

  @Test
  @DisplayName("S9 parallel saves from one version: exactly one wins, and the record is the winner's")
  void parallelCompareAndSetHasExactlyOneWinner() throws Exception {
    String id = newId();
    await(admin().set(record(id, document("{}"), later(), 1, null)));
    long base = storedVersion(id);
    List<Callable<Boolean>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
      byte[] data = document("{\"writer\":" + i + "}");
      return () -> {
        return await(store.save(record(id, data, later(), 2, null), base));
      };
    });

    List<Boolean> outcomes = runAll(writers);

    assertThat(outcomes.stream().filter(won -> won).count()).isEqualTo(1);
    StoredSession stored = await(store.get(id)).orElseThrow();
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      assertThat(stored.version()).isEqualTo(2);
    }
    assertThat(new String(stored.data(), StandardCharsets.UTF_8)).startsWith("{\"v\":1,\"a\":{\"writer\":");
  }

  @Test
  @DisplayName("S9 many parallel requests, each changing its own attribute of one session: every change is kept")
  void parallelRequestsChangingDifferentAttributesLoseNoChange() throws Exception {
    int rounds = 3;
    try (SessionManager manager = engine(store)) {
      String id = request(manager, null, s -> s.put("seed", "x")).id();
      List<Callable<Void>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
        int writer = i;
        return () -> {
          for (int round = 0; round < rounds; round++) {
            int value = round;
            // each request's patch is applied atomically by the store: no request is refused
            Session s = request(manager, id, session -> session.put("writer" + writer, value));
            assertThat(s.id()).isEqualTo(id);
          }
          return null;
        };
      });

      runAll(writers);

      Session after = request(manager, id, s -> {});
      assertThat(after.get("seed")).isEqualTo("x");
      for (int i = 0; i < PARALLEL_REQUESTS; i++) {
        assertThat(after.get("writer" + i, Integer.class)).as("writer%d's last change", i).isEqualTo(rounds - 1);
      }
    }
  }

  @Test
  @DisplayName("S9 requests loaded at the same version and committed in lockstep: every change survives")
  void lockstepWritersLoseNoChange() throws Exception {
    try (SessionManager manager = engine(store)) {
      String id = request(manager, null, s -> s.put("seed", "x")).id();
      CyclicBarrier allLoaded = new CyclicBarrier(LOCKSTEP_WRITERS);
      List<Callable<Void>> requests = new ArrayList<>();
      for (int i = 0; i < LOCKSTEP_WRITERS; i++) {
        String name = "writer" + i;
        requests.add(() -> {
          Loaded loaded = load(manager, id);
          loaded.session().put(name, name);
          allLoaded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          commit(manager, loaded);
          return null;
        });
      }

      runAll(requests);

      Session after = request(manager, id, s -> {});
      for (int i = 0; i < LOCKSTEP_WRITERS; i++) {
        assertThat(after.get("writer" + i)).as("writer%d's attribute", i).isEqualTo("writer" + i);
      }
    }
  }

  @Test
  @DisplayName("S9 a session destroyed while requests are in flight is never brought back by them")
  void destroyedSessionIsNeverResurrectedByInFlightRequests() throws Exception {
    try (SessionManager manager = engine(store)) {
      String id = request(manager, null, s -> s.put("seed", "x")).id();
      int writers = PARALLEL_REQUESTS / 2;
      CountDownLatch allLoaded = new CountDownLatch(writers);
      CountDownLatch destroyed = new CountDownLatch(1);
      List<Callable<Void>> requests = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "late" + i;
        requests.add(() -> {
          Loaded loaded = load(manager, id);
          assertThat(loaded.session().isNew()).isFalse();
          loaded.session().put(name, true);
          allLoaded.countDown();
          assertThat(destroyed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
          commit(manager, loaded);
          return null;
        });
      }
      requests.add(() -> {
        assertThat(allLoaded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        request(manager, id, Session::destroy);
        destroyed.countDown();
        return null;
      });

      runAll(requests);

      assertThat(await(store.get(id))).isEmpty();
      assertThat(holdsRecord(store, id)).isFalse();
    }
  }

  @Test
  @DisplayName("S9 a session destroyed amid free-running traffic stays destroyed")
  void destroyRacingWithFreeRunningWritersNeverResurrects() throws Exception {
    try (SessionManager manager = engine(store)) {
      String id = request(manager, null, s -> s.put("seed", "x")).id();
      CyclicBarrier start = new CyclicBarrier(PARALLEL_REQUESTS + 1);
      List<Callable<Void>> requests = new ArrayList<>();
      for (int i = 0; i < PARALLEL_REQUESTS; i++) {
        String name = "w" + i;
        requests.add(() -> {
          start.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          for (int round = 0; round < 3; round++) {
            int value = round;
            try {
              request(manager, id, s -> s.put(name, value));
            } catch (io.sessions4j.core.SessionUnavailableException contention) {
              // refused beyond the engine's merge budget: visible, and irrelevant to resurrection
            }
          }
          return null;
        });
      }
      requests.add(() -> {
        start.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        request(manager, id, Session::destroy);
        return null;
      });

      runAll(requests);

      assertThat(await(store.get(id))).isEmpty();
      assertThat(holdsRecord(store, id)).isFalse();
    }
  }

  @Test
  @DisplayName("S9 a regenerated session's old id is never brought back by requests in flight, nor does their data leak into the new one")
  void regeneratedSessionIsNeverResurrectedByInFlightRequests() throws Exception {
    try (SessionManager manager = engine(store)) {
      String oldId = request(manager, null, s -> s.put("seed", "x")).id();
      int writers = PARALLEL_REQUESTS / 2;
      CountDownLatch allLoaded = new CountDownLatch(writers);
      CountDownLatch regenerated = new CountDownLatch(1);
      String[] newId = new String[1];
      List<Callable<Void>> requests = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "late" + i;
        requests.add(() -> {
          Loaded loaded = load(manager, oldId);
          loaded.session().put(name, true);
          allLoaded.countDown();
          assertThat(regenerated.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
          commit(manager, loaded);
          return null;
        });
      }
      requests.add(() -> {
        assertThat(allLoaded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        newId[0] = request(manager, oldId, s -> {
          s.regenerate();
          s.put("fresh", true);
        }).id();
        regenerated.countDown();
        return null;
      });

      runAll(requests);

      assertThat(newId[0]).isNotEqualTo(oldId);
      assertThat(await(store.get(oldId))).isEmpty();
      assertThat(holdsRecord(store, oldId)).isFalse();
      Session fresh = request(manager, newId[0], s -> {});
      assertThat(fresh.names()).containsExactly("fresh");
    }
  }

  @Test
  @DisplayName("S9 two requests changing the id of one session at once leave exactly one live id")
  void concurrentChangeIdLeavesExactlyOneLiveId() throws Exception {
    try (SessionManager manager = engine(store)) {
      String oldId = request(manager, null, s -> s.put("user", "ann")).id();
      CyclicBarrier bothLoaded = new CyclicBarrier(2);
      Set<String> newIds = ConcurrentHashMap.newKeySet();
      List<Callable<Void>> requests = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        requests.add(() -> {
          Loaded loaded = load(manager, oldId);
          loaded.session().changeId();
          bothLoaded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          commit(manager, loaded);
          newIds.add(loaded.session().id());
          return null;
        });
      }

      runAll(requests);

      Set<String> candidates = new HashSet<>(newIds);
      candidates.add(oldId);
      List<String> live = new ArrayList<>();
      for (String candidate : candidates) {
        if (await(store.get(candidate)).isPresent()) {
          live.add(candidate);
        }
      }
      assertThat(live).hasSize(1);
      assertThat(live).doesNotContain(oldId);
    }
  }

  @Test
  @DisplayName("engine: regenerate removes the old id from the store (H4.1 at store level)")
  void regenerateRemovesTheOldRecord() throws Exception {
    try (SessionManager manager = engine(store)) {
      String oldId = request(manager, null, s -> s.put("k", "v")).id();

      String newId = request(manager, oldId, s -> {
        s.regenerate();
        s.put("fresh", true);
      }).id();

      assertThat(newId).isNotEqualTo(oldId);
      assertThat(await(store.get(oldId))).isEmpty();
      assertThat(await(store.get(newId))).isPresent();
    }
  }
}
