package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: attribute patches ({@code update}) and takes ({@code take}), how the engine writes an existing session and retires an id. A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class PatchAndTakeChecks extends VersionedWriteChecks {

  // ---- attribute patches and takes (how the engine writes an existing session) ----------------

  @Test
  @DisplayName("update applies set and removed attributes, keeps the others, and moves the expiry and version")
  void updateAppliesTheChangedAttributesOnly() throws Exception {
    String id = newId();
    StoredSession before = record(id, document("{\"keep\":\"k\",\"gone\":1,\"n\":1}"), later(), 4, "ann");
    await(store.save(before, StoredSession.NEW));
    Instant accessed = now().plusSeconds(1);
    Instant expires = later().plusSeconds(30);

    long version = await(store.update(SessionPatch.builder(id, accessed, expires)
        .set("n", NODES.numberNode(2), null)
        .set("added", NODES.textNode("a😀"), null)
        .remove("gone")
        .build()));

    StoredSession after = stored(id).orElseThrow();
    assertThat(after.version()).isEqualTo(version);
    assertExpiry(after.expiresAt(), expires);
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      assertThat(version).isGreaterThan(before.version());
    }
    if (keeps(Guarantee.RECORDED_TIMES)) {
      assertThat(after.lastAccessedAt()).isEqualTo(accessed);
      assertThat(after.createdAt()).isEqualTo(before.createdAt());
    }
    if (keeps(Guarantee.WRITTEN_PRINCIPAL)) {
      assertThat(after.principal()).isEqualTo("ann");
    }
    assertThat(attributes(after)).isEqualTo(Map.of("keep", NODES.textNode("k"), "n", NODES.numberNode(2),
        "added", NODES.textNode("a😀")));
  }

  @Test
  @DisplayName("update keeps registered-type aliases, the max age and the renew mark straight")
  void updateKeepsTypesAndMetadata() throws Exception {
    requires(Guarantee.OPAQUE_DATA);
    String id = newId();
    await(store.save(record(id, document("{\"p\":{\"x\":1},\"q\":2}", "\"t\":{\"p\":\"point\"},\"m\":5000,\"k\":100"),
        later(), 1, null), StoredSession.NEW));

    await(store.update(SessionPatch.builder(id, now(), later())
        .set("q", NODES.objectNode().put("y", 2), "point")
        .maxAgeMillis(0)
        .cookieExpiresAt(50)
        .build()));

    SessionDocument doc = DOCUMENTS.decode(stored(id).orElseThrow().data());
    assertThat(doc.types()).isEqualTo(Map.of("p", "point", "q", "point"));
    assertThat(doc.maxAgeMillis()).isZero();
    assertThat(doc.cookieExpiresAt()).as("the later renew mark is kept").isEqualTo(100);
  }

  @Test
  @DisplayName("update whose base version is no longer stored applies the patch, never the writer's stale whole document")
  void updateOnAStaleBaseAppliesThePatch() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{\"seed\":\"x\"}"), later(), 1, null), StoredSession.NEW));
    await(store.update(SessionPatch.builder(id, now(), later()).set("other", NODES.textNode("o"), null).build()));
    long stale = 1;

    await(store.update(SessionPatch.builder(id, now(), later())
        .set("mine", NODES.textNode("m"), null)
        .base(stale, () -> document("{\"seed\":\"x\",\"mine\":\"m\"}"))
        .build()));

    assertThat(attributes(stored(id).orElseThrow())).isEqualTo(Map.of(
        "seed", NODES.textNode("x"), "other", NODES.textNode("o"), "mine", NODES.textNode("m")));
  }

  @Test
  @DisplayName("update at its base version leaves the document the patch describes")
  void updateAtItsBaseLeavesThePatchedDocument() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{\"seed\":\"x\"}"), later(), 1, null), StoredSession.NEW));

    long version = await(store.update(SessionPatch.builder(id, now(), later())
        .set("mine", NODES.textNode("m"), null)
        .base(1, () -> document("{\"seed\":\"x\",\"mine\":\"m\"}"))
        .build()));

    assertThat(version).isNotEqualTo(StoredSession.NEW);
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      assertThat(version).isEqualTo(2);
    }
    assertThat(attributes(stored(id).orElseThrow())).isEqualTo(Map.of(
        "seed", NODES.textNode("x"), "mine", NODES.textNode("m")));
  }

  @Test
  @DisplayName("update sets or clears the principal only when told to")
  void updateChangesThePrincipalOnlyWhenTold() throws Exception {
    requires(Guarantee.WRITTEN_PRINCIPAL);
    String id = newId();
    await(store.save(record(id, document("{}"), later(), 1, "ann"), StoredSession.NEW));

    await(store.update(SessionPatch.builder(id, now(), later()).set("a", NODES.textNode("b"), null).build()));
    assertThat(stored(id).orElseThrow().principal()).isEqualTo("ann");

    await(store.update(SessionPatch.builder(id, now(), later()).principal("bob").build()));
    assertThat(stored(id).orElseThrow().principal()).isEqualTo("bob");

    await(store.update(SessionPatch.builder(id, now(), later()).principal(null).build()));
    assertThat(stored(id).orElseThrow().principal()).isNull();
  }

  @Test
  @DisplayName("update of a missing, destroyed or expired id writes nothing and creates nothing")
  void updateNeverCreatesOrRevives() throws Exception {
    String missing = newId();
    String destroyed = newId();
    String expired = newId();
    await(store.save(record(destroyed, document("{}"), later(), 1, null), StoredSession.NEW));
    await(store.destroy(destroyed));
    await(admin().set(record(expired, document("{}"), now().minusSeconds(1), 1, null)));

    for (String id : List.of(missing, destroyed, expired)) {
      long version = await(store.update(SessionPatch.builder(id, now(), later())
          .set("late", NODES.booleanNode(true), null).build()));

      assertThat(version).as("version of %s", id).isEqualTo(StoredSession.NEW);
      assertThat(stored(id)).isEmpty();
    }
    assertThat(holdsRecord(store, missing)).isFalse();
    assertThat(holdsRecord(store, destroyed)).isFalse();
  }

  @Test
  @DisplayName("S9 parallel patches of different attributes of one record all land")
  void parallelPatchesOfDifferentAttributesAllLand() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{\"seed\":\"x\"}"), later(), 1, null), StoredSession.NEW));
    int rounds = 5;
    List<Callable<Void>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
      String name = "writer" + i;
      return () -> {
        for (int round = 0; round < rounds; round++) {
          long version = await(store.update(SessionPatch.builder(id, now(), later())
              .set(name, NODES.numberNode(round), null).build()));
          assertThat(version).isNotEqualTo(StoredSession.NEW);
        }
        return null;
      };
    });

    runAll(writers);

    Map<String, JsonNode> attributes = attributes(stored(id).orElseThrow());
    assertThat(attributes).containsEntry("seed", NODES.textNode("x"));
    for (int i = 0; i < PARALLEL_REQUESTS; i++) {
      assertThat(attributes).as("writer%d's last value", i).containsEntry("writer" + i, NODES.numberNode(rounds - 1));
    }
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      assertThat(stored(id).orElseThrow().version()).isEqualTo(1 + (long) PARALLEL_REQUESTS * rounds);
    }
  }

  @Test
  @DisplayName("S9 parallel patches of one attribute leave one writer's value, never a mix or a failure")
  void parallelPatchesOfOneAttributeLeaveOneWritersValue() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{}"), later(), 1, null), StoredSession.NEW));
    List<Callable<Long>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
      int writer = i;
      return () -> {
        return await(store.update(SessionPatch.builder(id, now(), later())
            .set("shared", NODES.textNode("writer" + writer), null).build()));
      };
    });

    List<Long> versions = runAll(writers);

    assertThat(versions).doesNotContain(StoredSession.NEW);
    JsonNode shared = attributes(stored(id).orElseThrow()).get("shared");
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      assertThat(new HashSet<>(versions)).as("each patch got its own version").hasSize(PARALLEL_REQUESTS);
      long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(shared).isEqualTo(NODES.textNode("writer" + versions.indexOf(last)));
    } else {
      // versions derived from the text are no order: the value is one writer's, whole
      assertThat(shared.textValue()).matches("writer\\d+");
    }
  }

  @Test
  @DisplayName("take hands back the live record and removes it; a missing or expired id gives nothing")
  void takeRemovesAndReturnsTheRecord() throws Exception {
    String id = newId();
    StoredSession live = record(id, document("{\"user\":\"ann\"}"), later(), 3, "ann");
    await(store.save(live, StoredSession.NEW));
    String expired = newId();
    await(admin().set(record(expired, document("{}"), now().minusSeconds(1), 1, null)));

    Optional<StoredSession> taken = await(store.take(id));

    assertThat(taken).isPresent();
    assertThat(taken.get().id()).isEqualTo(id);
    assertThat(attributes(taken.get())).isEqualTo(attributes(live));
    if (keeps(Guarantee.WRITTEN_PRINCIPAL)) {
      assertThat(taken.get().principal()).isEqualTo("ann");
    }
    assertThat(stored(id)).isEmpty();
    assertThat(await(store.take(id))).isEmpty();
    assertThat(await(store.take(newId()))).isEmpty();
    assertThat(await(store.take(expired))).isEmpty();
  }

  @Test
  @DisplayName("S9 parallel takes of one id: exactly one taker receives the record")
  void parallelTakesHaveExactlyOneTaker() throws Exception {
    String id = newId();
    await(store.save(record(id, document("{}"), later(), 1, null), StoredSession.NEW));
    List<Callable<Boolean>> takers = startingTogether(PARALLEL_REQUESTS, i -> {
      return () -> {
        return await(store.take(id)).isPresent();
      };
    });

    List<Boolean> outcomes = runAll(takers);

    assertThat(outcomes.stream().filter(took -> took).count()).isEqualTo(1);
    assertThat(stored(id)).isEmpty();
  }

  @Test
  @DisplayName("S9 one hot session, many requests writing their own attributes at once with the default storeTimeout: none refused, every last value kept")
  void hotSessionWritersAreNeverRefused() throws Exception {
    int rounds = 10;
    try (SessionManager manager = SessionManager.create(engineConfig(store).storeTimeout(Duration.ofSeconds(5)).build())) {
      String id = request(manager, null, s -> s.put("seed", "x")).id();
      List<Callable<Void>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
        String name = "writer" + i;
        return () -> {
          for (int round = 0; round < rounds; round++) {
            int value = round;
            Session s = request(manager, id, session -> {
              session.put(name, value);
              session.put("shared", value); // the same attribute too: last write wins, no refusal
            });
            assertThat(s.id()).isEqualTo(id);
          }
          return null;
        };
      });

      runAll(writers);

      Session after = request(manager, id, s -> {});
      assertThat(after.get("seed")).isEqualTo("x");
      assertThat(after.get("shared", Integer.class)).isEqualTo(rounds - 1);
      for (int i = 0; i < PARALLEL_REQUESTS; i++) {
        assertThat(after.get("writer" + i, Integer.class)).as("writer%d's last change", i).isEqualTo(rounds - 1);
      }
    }
  }
}
