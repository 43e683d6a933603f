package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: the record operations every store has: get, set and exact round trips, touch, destroy, and records holding bad JSON (S1–S4, S8). A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class RecordChecks extends StoreCheckSupport {

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

    assertStored(written);
  }

  @Test
  @DisplayName("S2 set overwrites an existing record (upsert)")
  void setOverwritesExistingRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, json("{\"v\":1,\"a\":{\"n\":1}}"), later(), 1, "ann")));
    StoredSession second = record(id, json("{\"v\":1,\"a\":{\"n\":2}}"), later().plusSeconds(10), 5, null);

    await(admin().set(second));

    assertStored(second);
  }

  @Test
  @DisplayName("S2 data with 4-byte UTF-8 characters round-trips (byte for byte where the store keeps opaque data)")
  void fourByteUtf8DataRoundTripsExactly() throws Exception {
    byte[] data = json("{\"v\":1,\"a\":{\"name\":\"😀 𝄞 𠜎 — ünïcödé\"}}");
    assertThat(data).hasSizeGreaterThan("{\"v\":1,\"a\":{\"name\":\"😀 𝄞 𠜎 — ünïcödé\"}}".length());
    String id = newId();

    await(admin().set(record(id, data, later(), 1, null)));

    assertSameData(await(store.get(id)).orElseThrow().data(), data);
  }

  @Test
  @DisplayName("S2 values over 64 KB round-trip (byte for byte where the store keeps opaque data)")
  void valuesOver64KbRoundTripExactly() throws Exception {
    StringBuilder big = new StringBuilder();
    while (big.length() < 300_000) {
      big.append("0123456789abcdef😀");
    }
    byte[] data = document("{\"big\":\"" + big + "\"}");
    String id = newId();

    await(admin().set(record(id, data, later(), 1, null)));
    assertSameData(await(store.get(id)).orElseThrow().data(), data);

    byte[] larger = document("{\"big\":\"" + big + big + "\"}");
    assertThat(await(store.save(record(id, larger, later(), 2, null), storedVersion(id)))).isTrue();
    assertSameData(await(store.get(id)).orElseThrow().data(), larger);
  }

  @Test
  @DisplayName("S2 arbitrary bytes (all 256 values) round-trip exactly: stores treat data as opaque")
  void arbitraryBytesRoundTripExactly() throws Exception {
    requires(Guarantee.OPAQUE_DATA);
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
    requires(Guarantee.FAR_FUTURE_EXPIRY);
    Instant farFuture = Instant.parse("9999-12-31T23:59:59Z");
    String id = newId();

    await(admin().set(record(id, document("{}"), farFuture, 1, null)));

    assertExpiry(await(store.get(id)).orElseThrow().expiresAt(), farFuture);
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

    assertStored(original.touched(accessed, expires));
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
    await(admin().set(record(id, document("{}"), now().minusSeconds(60), 1, null)));

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
    await(admin().set(record(id, document("{}"), later(), 1, null)));

    await(store.destroy(id));

    assertThat(await(store.get(id))).isEmpty();
    assertThat(holdsRecord(store, id)).isFalse();
  }

  // ---- S8: corrupt records --------------------------------------------------------------------

  @Test
  @DisplayName("S8 a record holding bad JSON is returned as stored, and the engine starts a fresh session for it")
  void corruptRecordGivesAFreshSessionNotAnError() throws Exception {
    requires(Guarantee.OPAQUE_DATA);
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
    requires(Guarantee.OPAQUE_DATA);
    StoredSession good = record(newId(), json("{\"v\":1,\"a\":{}}"), later(), 1, null);
    StoredSession bad = record(newId(), json("\u0000\uFFFD not json"), later(), 1, null);
    await(admin().set(good));
    await(admin().set(bad));

    List<StoredSession> all = await(admin().all());

    assertThat(all).contains(good);
    assertThat(all).hasSize(2);
  }
}
