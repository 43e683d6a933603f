package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: the real engine ({@code SessionManager}) against the store: a session round trip and an unknown id. A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class EngineChecks extends ConcurrencyChecks {

  // ---- the engine against this store ---------------------------------------------------------

  @Test
  @DisplayName("engine: a session written by one request is read back by the next, attributes intact")
  void sessionRoundTripsThroughTheEngine() throws Exception {
    try (SessionManager manager = engine(store)) {
      String id = request(manager, null, s -> {
        s.put("name", "ann 😀");
        s.put("cart", List.of("a", "b"));
      }).id();

      Session next = request(manager, id, s -> {});

      assertThat(next.isNew()).isFalse();
      assertThat(next.get("name")).isEqualTo("ann 😀");
      assertThat(next.get("cart")).isEqualTo(List.of("a", "b"));
    }
  }

  @Test
  @DisplayName("engine: an id the store does not hold gives a new session with a new id")
  void unknownIdGivesNewSession() throws Exception {
    try (SessionManager manager = engine(store)) {
      String unknown = newId();
      boolean[] loadedAsNew = new boolean[1];

      Session s = request(manager, unknown, session -> {
        loadedAsNew[0] = session.isNew();
        session.put("k", "v");
      });

      assertThat(loadedAsNew[0]).isTrue();
      assertThat(s.id()).isNotEqualTo(unknown);
      assertThat(await(store.get(unknown))).isEmpty();
    }
  }
}
