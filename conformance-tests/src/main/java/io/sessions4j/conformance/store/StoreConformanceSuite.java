package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store-level conformance checks (BEHAVIOURS.md, family S), run identically against every
 * store. A store's test extends this class and supplies {@link #createStore()} plus the two hooks
 * that observe physical expiry ({@link #removeExpired}, {@link #holdsRecord}); every check here then
 * runs against it. Checks that drive the real engine ({@link SessionManager}) against the store use
 * an in-memory exchange carrying the id in a header, so no server is involved.
 *
 * <p>Times are whole milliseconds: that is the precision every store must keep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreConformanceSuite {
  /** The header the engine reads the id from in these checks (no cookies involved). */
  protected static final String ID_HEADER = "X-Session-Id";
  /** Upper bound on any single store operation or poll in these checks. */
  protected static final Duration PATIENCE = Duration.ofSeconds(60);
  /** Parallel requests in the concurrency checks. */
  protected static final int PARALLEL_REQUESTS = 32;
  /** Requests of one session loaded together and committing at the same instant. */
  protected static final int LOCKSTEP_WRITERS = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The store under test, fresh (or cleared) for each check. */
  protected SessionStore store;

  /** A store to test. Called before every check; {@link #closeStore} closes it after. */
  protected abstract SessionStore createStore() throws Exception;

  /**
   * Makes the store remove expired records the way it does on its own: the memory store runs its
   * cache maintenance, the JDBC store one sweep; a store whose records expire natively (Redis) does
   * nothing.
   */
  protected abstract void removeExpired(SessionStore store) throws Exception;

  /** Whether the store still physically holds a record under {@code id}, expired or not. */
  protected abstract boolean holdsRecord(SessionStore store, String id) throws Exception;

  /** Whether the store tells its expiry listener about the records it removes. Default true. */
  protected boolean reportsExpiry() {
    return true;
  }

  /**
   * Called before every check, before {@link #createStore()}: a store on a server calls {@link
   * RealServers} here, so a missing server skips (or, in CI, fails) each check visibly.
   */
  protected void requireServer() {}

  /** Clears the store before a check; by default {@link StoreAdministration#clear()}. */
  protected void resetStore(SessionStore store) throws Exception {
    await(StoreAdministration.of(store).clear());
  }

  /** The store's administration (the suite seeds records with {@code set} and checks S5 with it). */
  protected StoreAdministration admin() {
    return StoreAdministration.of(store);
  }

  /** The store's principal index (checked by S5). */
  protected PrincipalIndex principalIndex() {
    return PrincipalIndex.of(store);
  }

  @BeforeEach
  void openStore() throws Exception {
    requireServer();
    store = createStore();
    resetStore(store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- S1: get ------------------------------------------------------------------------------

  @Test
  @DisplayName("S1 get of a missing id is empty")
  void getOfMissingIdIsEmpty() throws Exception {
    assertThat(await(store.get(newId()))).isEmpty();
  }

  @Test
  @DisplayName("S1 get of an expired record is empty, not an error")
  void getOfExpiredRecordIsEmpty() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{\"v\":1,\"a\":{}}"), now().minus(Duration.ofHours(1)), 1, null)));

    assertThat(await(store.get(id))).isEmpty();
  }

  @Test
  @DisplayName("S1 a store that shares record data hands out one unchanging array per version")
  void sharedRecordDataIsOneArrayPerVersion() throws Exception {
    Assumptions.assumeTrue(SharedRecordData.sharedBy(store),
        "the store reads a new array for every get (sharesRecordData() is false): nothing to check");
    String id = newId();
    await(admin().set(record(id, json("{\"v\":1,\"a\":{\"n\":1}}"), later(), 1, null)));
    byte[] first = await(store.get(id)).orElseThrow().data();
    byte[] firstAsRead = first.clone();

    assertThat(await(store.get(id)).orElseThrow().data()).as("unchanged record").isSameAs(first);
    await(store.touch(id, now(), later().plusSeconds(30)));
    assertThat(await(store.save(record(id, json("{\"v\":1,\"a\":{\"n\":2}}"), later(), 2, null), 1))).isTrue();

    byte[] second = await(store.get(id)).orElseThrow().data();
    assertThat(second).as("a changed record").isNotSameAs(first).isNotEqualTo(firstAsRead);
    assertThat(first).as("an array handed out is never changed afterwards").isEqualTo(firstAsRead);
  }

  // ---- S2: set and exact round trips ----------------------------------------------------------

  @Test
  @DisplayName("S2 set creates a record that get returns field for field")
  void setCreatesRecordThatRoundTripsExactly() throws Exception {
    Instant created = now().minus(Duration.ofMinutes(5));
    StoredSession written = new StoredSession(newId(), json("{\"v\":1,\"a\":{\"user\":\"ann\"}}"), created,
        created.plusSeconds(60), now().plus(Duration.ofHours(2)), 7, "ann");
    await(admin().set(written));

    assertThat(await(store.get(written.id()))).contains(written);
  }

  @Test
  @DisplayName("S2 set overwrites an existing record (upsert)")
  void setOverwritesExistingRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{\"v\":1,\"a\":{\"n\":1}}"), later(), 1, "ann")));
    StoredSession second = record(id, json("{\"v\":1,\"a\":{\"n\":2}}"), later().plusSeconds(10), 5, null);

    await(admin().set(second));

    assertThat(await(store.get(id))).contains(second);
  }

  @Test
  @DisplayName("S2 data with 4-byte UTF-8 characters round-trips byte for byte")
  void fourByteUtf8DataRoundTripsExactly() throws Exception {
    byte[] data = json("{\"v\":1,\"a\":{\"name\":\"😀 𝄞 𠜎 — ünïcödé\"}}");
    assertThat(data).hasSizeGreaterThan("{\"v\":1,\"a\":{\"name\":\"😀 𝄞 𠜎 — ünïcödé\"}}".length());
    String id = newId();

    await(admin().set(record(id, data, later(), 1, null)));

    assertThat(await(store.get(id)).orElseThrow().data()).isEqualTo(data);
  }

  @Test
  @DisplayName("S2 values over 64 KB round-trip byte for byte")
  void valuesOver64KbRoundTripExactly() throws Exception {
    StringBuilder big = new StringBuilder("{\"v\":1,\"a\":{\"big\":\"");
    while (big.length() < 300_000) {
      big.append("0123456789abcdef😀");
    }
    byte[] data = json(big.append("\"}}").toString());
    String id = newId();

    await(admin().set(record(id, data, later(), 1, null)));
    assertThat(await(store.get(id)).orElseThrow().data()).isEqualTo(data);

    byte[] larger = json(big.append(big).toString());
    assertThat(await(store.save(record(id, larger, later(), 2, null), 1))).isTrue();
    assertThat(await(store.get(id)).orElseThrow().data()).isEqualTo(larger);
  }

  @Test
  @DisplayName("S2 arbitrary bytes (all 256 values) round-trip exactly: stores treat data as opaque")
  void arbitraryBytesRoundTripExactly() throws Exception {
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    String id = newId();

    await(admin().set(record(id, data, later(), 1, null)));

    assertThat(await(store.get(id)).orElseThrow().data()).isEqualTo(data);
  }

  @Test
  @DisplayName("S2 far-future expiry (year 9999) round-trips")
  void farFutureExpiryRoundTrips() throws Exception {
    Instant farFuture = Instant.parse("9999-12-31T23:59:59Z");
    String id = newId();

    await(admin().set(record(id, json("{}"), farFuture, 1, null)));

    assertThat(await(store.get(id)).orElseThrow().expiresAt()).isEqualTo(farFuture);
  }

  // ---- S3: touch ------------------------------------------------------------------------------

  @Test
  @DisplayName("S3 touch moves only the access time and expiry")
  void touchMovesOnlyTheExpiry() throws Exception {
    StoredSession original = new StoredSession(newId(), json("{\"v\":1,\"a\":{\"k\":\"v\"}}"),
        now().minusSeconds(600), now().minusSeconds(300), later(), 3, "ann");
    await(admin().set(original));
    Instant accessed = now();
    Instant expires = later().plus(Duration.ofHours(5));

    assertThat(await(store.touch(original.id(), accessed, expires))).isTrue();

    assertThat(await(store.get(original.id()))).contains(original.touched(accessed, expires));
  }

  @Test
  @DisplayName("S3 touch of a missing id reports false and creates nothing")
  void touchNeverCreates() throws Exception {
    String id = newId();

    boolean touched = await(store.touch(id, now(), later()));

    assertThat(touched).isFalse();
    assertThat(await(store.get(id))).isEmpty();
    assertThat(holdsRecord(store, id)).isFalse();
  }

  @Test
  @DisplayName("S3 touch of an expired record reports false and does not revive it")
  void touchDoesNotReviveExpiredRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{}"), now().minusSeconds(60), 1, null)));

    boolean touched = await(store.touch(id, now(), later()));

    assertThat(touched).isFalse();
    assertThat(await(store.get(id))).isEmpty();
  }

  // ---- S4: destroy ----------------------------------------------------------------------------

  @Test
  @DisplayName("S4 destroy of a missing id is not an error")
  void destroyOfMissingIdIsNotAnError() {
    assertThatCode(() -> await(store.destroy(newId()))).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("S4 destroy removes the record")
  void destroyRemovesRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{}"), later(), 1, null)));

    await(store.destroy(id));

    assertThat(await(store.get(id))).isEmpty();
    assertThat(holdsRecord(store, id)).isFalse();
  }

  // ---- S5: length, all, clear, findByPrincipal ------------------------------------------------

  @Test
  @DisplayName("S5 length counts only unexpired records")
  void lengthCountsOnlyUnexpiredRecords() throws Exception {
    for (int i = 0; i < 3; i++) {
      await(admin().set(record(newId(), json("{}"), later(), 1, null)));
    }
    for (int i = 0; i < 2; i++) {
      await(admin().set(record(newId(), json("{}"), now().minusSeconds(60), 1, null)));
    }

    assertThat(await(admin().length())).isEqualTo(3L);
  }

  @Test
  @DisplayName("S5 all lists exactly the unexpired records")
  void allListsOnlyUnexpiredRecords() throws Exception {
    StoredSession a = record(newId(), json("{\"a\":1}"), later(), 1, "ann");
    StoredSession b = record(newId(), json("{\"b\":2}"), later(), 4, null);
    await(admin().set(a));
    await(admin().set(b));
    await(admin().set(record(newId(), json("{}"), now().minusSeconds(1), 1, null)));

    assertThat(await(admin().all())).containsExactlyInAnyOrder(a, b);
  }

  @Test
  @DisplayName("S5 clear removes every record")
  void clearRemovesEverything() throws Exception {
    String live = newId();
    String expired = newId();
    await(admin().set(record(live, json("{}"), later(), 1, null)));
    await(admin().set(record(expired, json("{}"), now().minusSeconds(1), 1, null)));

    await(admin().clear());

    assertThat(await(admin().length())).isZero();
    assertThat(await(admin().all())).isEmpty();
    assertThat(holdsRecord(store, live)).isFalse();
    assertThat(holdsRecord(store, expired)).isFalse();
  }

  @Test
  @DisplayName("S5 findByPrincipal returns exactly that principal's unexpired sessions (4-byte UTF-8, exact match)")
  void findByPrincipalReturnsOnlyThatPrincipalsLiveSessions() throws Exception {
    String principal = "ann😀@example.com";
    StoredSession first = record(newId(), json("{}"), later(), 1, principal);
    StoredSession second = record(newId(), json("{}"), later(), 2, principal);
    await(admin().set(first));
    await(admin().set(second));
    await(admin().set(record(newId(), json("{}"), now().minusSeconds(1), 1, principal)));
    await(admin().set(record(newId(), json("{}"), later(), 1, "ANN😀@example.com")));
    await(admin().set(record(newId(), json("{}"), later(), 1, principal + " ")));
    await(admin().set(record(newId(), json("{}"), later(), 1, null)));

    assertThat(await(principalIndex().findByPrincipal(principal))).containsExactlyInAnyOrder(first, second);
  }

  // ---- S6: expired records are removed ------------------------------------------------------

  @Test
  @DisplayName("S6 expired records are removed by the store itself; live ones stay")
  void expiredRecordsAreRemoved() throws Exception {
    String expired = newId();
    String live = newId();
    await(admin().set(record(expired, json("{}"), now().minusSeconds(3600), 1, null)));
    await(admin().set(record(live, json("{}"), later(), 1, null)));

    removeExpired(store);

    awaitTrue("the expired record to be removed", () -> !holdsRecordUnchecked(expired));
    assertThat(holdsRecord(store, live)).isTrue();
    assertThat(await(store.get(live))).isPresent();
  }

  @Test
  @DisplayName("S6 the store tells its expiry listener about records it removes")
  void removedRecordsAreReportedToTheExpiryListener() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(reportsExpiry(),
        "this store cannot report the records it expires");
    Set<String> reported = ConcurrentHashMap.newKeySet();
    store.setExpiryListener(reported::add);
    String expired = newId();
    String live = newId();
    await(admin().set(record(expired, json("{}"), now().minusSeconds(3600), 1, null)));
    await(admin().set(record(live, json("{}"), later(), 1, null)));

    removeExpired(store);

    awaitTrue("the expiry listener to be told", () -> reported.contains(expired));
    assertThat(reported).doesNotContain(live);
  }

  // ---- S8: corrupt records --------------------------------------------------------------------

  @Test
  @DisplayName("S8 a record holding bad JSON is returned as stored, and the engine starts a fresh session for it")
  void corruptRecordGivesAFreshSessionNotAnError() throws Exception {
    String id = newId();
    byte[] garbage = "{\"v\":1,\"a\":{not json".getBytes(StandardCharsets.UTF_8);
    await(admin().set(record(id, garbage, later(), 1, null)));
    assertThat(await(store.get(id)).orElseThrow().data()).isEqualTo(garbage);

    try (SessionManager manager = engine(store)) {
      boolean[] loadedAsNew = new boolean[1];
      Session session = request(manager, id, s -> {
        loadedAsNew[0] = s.isNew();
        s.put("after", "corrupt");
      });

      assertThat(loadedAsNew[0]).isTrue();
      assertThat(session.id()).isNotEqualTo(id);
      assertThat(await(store.get(session.id()))).isPresent();
    }
  }

  @Test
  @DisplayName("S8 all lists the other records beside one holding bad JSON, and does not fail")
  void allIsNotBrokenByARecordHoldingBadJson() throws Exception {
    StoredSession good = record(newId(), json("{\"v\":1,\"a\":{}}"), later(), 1, null);
    StoredSession bad = record(newId(), json("\u0000\uFFFD not json"), later(), 1, null);
    await(admin().set(good));
    await(admin().set(bad));

    List<StoredSession> all = await(admin().all());

    assertThat(all).contains(good);
    assertThat(all).hasSize(2);
  }

  // ---- versioned writes (what the engine's merge relies on) -----------------------------------

  @Test
  @DisplayName("save NEW creates a record")
  void saveNewCreatesRecord() throws Exception {
    StoredSession s = record(newId(), json("{}"), later(), 1, "ann");

    assertThat(await(store.save(s, StoredSession.NEW))).isTrue();

    assertThat(await(store.get(s.id()))).contains(s);
  }

  @Test
  @DisplayName("save NEW fails when the id exists, and leaves the record unchanged")
  void saveNewFailsWhenIdExists() throws Exception {
    String id = newId();
    StoredSession existing = record(id, json("{\"owner\":\"first\"}"), later(), 1, null);
    await(admin().set(existing));

    boolean written = await(store.save(record(id, json("{\"owner\":\"second\"}"), later(), 1, null), StoredSession.NEW));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).contains(existing);
  }

  @Test
  @DisplayName("save NEW may take the id of an expired record the store still holds")
  void saveNewReplacesExpiredRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{\"old\":true}"), now().minusSeconds(60), 9, null)));
    StoredSession fresh = record(id, json("{\"new\":true}"), later(), 1, null);

    assertThat(await(store.save(fresh, StoredSession.NEW))).isTrue();

    assertThat(await(store.get(id))).contains(fresh);
  }

  @Test
  @DisplayName("save with the current version writes the record and its new version")
  void saveWithCurrentVersionWrites() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{\"n\":1}"), later(), 1, null)));
    StoredSession next = record(id, json("{\"n\":2}"), later().plusSeconds(5), 2, "ann");

    assertThat(await(store.save(next, 1))).isTrue();

    assertThat(await(store.get(id))).contains(next);
  }

  @Test
  @DisplayName("save with a stale version fails and leaves the record unchanged")
  void saveWithStaleVersionFails() throws Exception {
    String id = newId();
    StoredSession current = record(id, json("{\"n\":3}"), later(), 3, null);
    await(admin().set(current));

    boolean written = await(store.save(record(id, json("{\"n\":\"stale\"}"), later(), 3, null), 2));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).contains(current);
  }

  @Test
  @DisplayName("save after destroy fails and does not recreate the record")
  void saveAfterDestroyDoesNotRecreate() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{}"), later(), 1, null)));
    await(store.destroy(id));

    boolean written = await(store.save(record(id, json("{\"late\":true}"), later(), 2, null), 1));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).isEmpty();
    assertThat(holdsRecord(store, id)).isFalse();
  }

  @Test
  @DisplayName("save of a record that expired meanwhile fails and does not revive it")
  void saveOfExpiredRecordDoesNotRevive() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{}"), now().minusSeconds(1), 1, null)));

    boolean written = await(store.save(record(id, json("{\"late\":true}"), later(), 2, null), 1));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).isEmpty();
  }

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
    assertThat(version).isGreaterThan(before.version());
    assertThat(after.version()).isEqualTo(version);
    assertThat(after.expiresAt()).isEqualTo(expires);
    assertThat(after.lastAccessedAt()).isEqualTo(accessed);
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(after.principal()).isEqualTo("ann");
    assertThat(attributes(after)).isEqualTo(Map.of("keep", NODES.textNode("k"), "n", NODES.numberNode(2),
        "added", NODES.textNode("a😀")));
  }

  @Test
  @DisplayName("update keeps registered-type aliases, the max age and the renew mark straight")
  void updateKeepsTypesAndMetadata() throws Exception {
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

    assertThat(version).isEqualTo(2);
    assertThat(attributes(stored(id).orElseThrow())).isEqualTo(Map.of(
        "seed", NODES.textNode("x"), "mine", NODES.textNode("m")));
  }

  @Test
  @DisplayName("update sets or clears the principal only when told to")
  void updateChangesThePrincipalOnlyWhenTold() throws Exception {
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
    assertThat(stored(id).orElseThrow().version()).isEqualTo(1 + (long) PARALLEL_REQUESTS * rounds);
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

    assertThat(new HashSet<>(versions)).as("each patch got its own version").hasSize(PARALLEL_REQUESTS);
    long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
    String lastWriter = "writer" + versions.indexOf(last);
    assertThat(attributes(stored(id).orElseThrow())).containsEntry("shared", NODES.textNode(lastWriter));
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
    assertThat(taken.get().principal()).isEqualTo("ann");
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

  // ---- S9: concurrency ------------------------------------------------------------------------

  @Test
  @DisplayName("S9 parallel saves from one version: exactly one wins, and the record is the winner's")
  void parallelCompareAndSetHasExactlyOneWinner() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{}"), later(), 1, null)));
    List<Callable<Boolean>> writers = startingTogether(PARALLEL_REQUESTS, i -> {
      byte[] data = json("{\"writer\":" + i + "}");
      return () -> {
        return await(store.save(record(id, data, later(), 2, null), 1));
      };
    });

    List<Boolean> outcomes = runAll(writers);

    assertThat(outcomes.stream().filter(won -> won).count()).isEqualTo(1);
    StoredSession stored = await(store.get(id)).orElseThrow();
    assertThat(stored.version()).isEqualTo(2);
    assertThat(new String(stored.data(), StandardCharsets.UTF_8)).startsWith("{\"writer\":");
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

  // ---- helpers --------------------------------------------------------------------------------

  /** A request/session pair loaded but not yet committed, for checks that interleave requests. */
  protected record Loaded(TestExchange exchange, Session session) {}

  /** An engine on {@code store}, the id travelling in {@link #ID_HEADER}, all other options default. */
  protected SessionManager engine(SessionStore store) {
    return SessionManager.create(engineConfig(store).build());
  }

  /** The configuration {@link #engine} uses; override to adjust. */
  protected SessionConfig.Builder engineConfig(SessionStore store) {
    return SessionConfig.builder()
        .store(store)
        .idCookie(false)
        .idHeader(ID_HEADER)
        .storeTimeout(PATIENCE);
  }

  /** Loads the session {@code id} names (null: none) for a request. */
  protected static Loaded load(SessionManager manager, String id) throws Exception {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, id);
    return new Loaded(exchange, await(manager.load(exchange)));
  }

  /** Commits a loaded request's session. */
  protected static void commit(SessionManager manager, Loaded loaded) throws Exception {
    await(manager.commit(loaded.exchange(), loaded.session()));
  }

  /** One whole request: load, run {@code handler}, commit; returns the committed session. */
  protected static Session request(SessionManager manager, String id, Consumer<Session> handler) throws Exception {
    Loaded loaded = load(manager, id);
    handler.accept(loaded.session());
    commit(manager, loaded);
    return loaded.session();
  }

  /**
   * {@code n} tasks made by {@code task} (given 0 … n-1), each first waiting at one shared barrier,
   * so that under {@link #runAll} they all start at the same moment.
   */
  protected static <T> List<Callable<T>> startingTogether(int n, IntFunction<Callable<T>> task) {
    CyclicBarrier start = new CyclicBarrier(n);
    List<Callable<T>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Callable<T> work = task.apply(i);
      tasks.add(() -> {
        start.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return work.call();
      });
    }
    return tasks;
  }

  /** Runs tasks on their own threads at once; rethrows the first failure after all finished. */
  protected static <T> List<T> runAll(List<? extends Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          results.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError(failures.size() + " of " + tasks.size()
            + " parallel tasks failed; first: " + failures.get(0), failures.get(0));
        failures.stream().skip(1).limit(5).forEach(error::addSuppressed);
        throw error;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The stage's value, waiting at most {@link #PATIENCE}; failures are rethrown unwrapped. */
  protected static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("store operation did not complete within " + PATIENCE, e);
    }
  }

  /** Polls {@code condition} until it holds, failing after {@link #PATIENCE}. */
  protected static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private boolean holdsRecordUnchecked(String id) {
    try {
      return holdsRecord(store, id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The current time at the millisecond precision stores keep. */
  protected static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  /** An expiry comfortably in the future. */
  protected static Instant later() {
    return now().plus(Duration.ofHours(1));
  }

  /** A new well-formed, unguessable id. */
  protected static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  protected static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A record created a minute ago, last accessed now. */
  protected static StoredSession record(String id, byte[] data, Instant expiresAt, long version, String principal) {
    Instant now = now();
    return new StoredSession(id, data, now.minusSeconds(60), now, expiresAt, version, principal);
  }

  /** Reads and writes session documents in these checks (documents carry no Java types). */
  protected static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A store-mode session document with the given attributes object and extra top-level fields. */
  protected static byte[] document(String attributesJson, String... extraFields) {
    StringBuilder json = new StringBuilder("{\"v\":1,\"a\":").append(attributesJson);
    for (String field : extraFields) {
      json.append(',').append(field);
    }
    return json(json.append('}').toString());
  }

  /** The attributes of a stored record's document. */
  protected static Map<String, JsonNode> attributes(StoredSession record) {
    return DOCUMENTS.decode(record.data()).attributes();
  }

  /** For subclasses: the record under {@code id} as {@link SessionStore#get} returns it. */
  protected Optional<StoredSession> stored(String id) throws Exception {
    return await(store.get(id));
  }
}
