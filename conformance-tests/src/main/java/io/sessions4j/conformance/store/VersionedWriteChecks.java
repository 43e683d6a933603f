package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.store.StoredSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: versioned writes: save with an expected version, which the engine's merge relies on. A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class VersionedWriteChecks extends ExpiryChecks {

  // ---- versioned writes (what the engine's merge relies on) -----------------------------------

  @Test
  @DisplayName("save NEW creates a record")
  void saveNewCreatesRecord() throws Exception {
    StoredSession s = record(newId(), document("{}"), later(), 1, "ann");

    assertThat(await(store.save(s, StoredSession.NEW))).isTrue();

    assertStored(s);
  }

  @Test
  @DisplayName("save NEW fails when the id exists, and leaves the record unchanged")
  void saveNewFailsWhenIdExists() throws Exception {
    String id = newId();
    StoredSession existing = record(id, document("{\"owner\":\"first\"}"), later(), 1, null);
    await(admin().set(existing));

    boolean written = await(store.save(record(id, document("{\"owner\":\"second\"}"), later(), 1, null), StoredSession.NEW));

    assertThat(written).isFalse();
    assertStored(existing);
  }

  @Test
  @DisplayName("save NEW may take the id of an expired record the store still holds")
  void saveNewReplacesExpiredRecord() throws Exception {
    String id = newId();
    await(admin().set(record(id, document("{\"old\":true}"), now().minusSeconds(60), 9, null)));
    StoredSession fresh = record(id, document("{\"new\":true}"), later(), 1, null);

    assertThat(await(store.save(fresh, StoredSession.NEW))).isTrue();

    assertStored(fresh);
  }

  @Test
  @DisplayName("save with the current version writes the record and its new version")
  void saveWithCurrentVersionWrites() throws Exception {
    String id = newId();
    await(admin().set(record(id, document("{\"n\":1}"), later(), 1, null)));
    StoredSession next = record(id, document("{\"n\":2}"), later().plusSeconds(5), 2, "ann");

    assertThat(await(store.save(next, storedVersion(id)))).isTrue();

    assertStored(next);
  }

  @Test
  @DisplayName("save with a stale version fails and leaves the record unchanged")
  void saveWithStaleVersionFails() throws Exception {
    String id = newId();
    StoredSession current = record(id, document("{\"n\":3}"), later(), 3, null);
    await(admin().set(current));

    boolean written = await(store.save(record(id, document("{\"n\":\"stale\"}"), later(), 3, null), 2));

    assertThat(written).isFalse();
    assertStored(current);
  }

  @Test
  @DisplayName("save after destroy fails and does not recreate the record")
  void saveAfterDestroyDoesNotRecreate() throws Exception {
    String id = newId();
    await(admin().set(record(id, document("{}"), later(), 1, null)));
    await(store.destroy(id));

    boolean written = await(store.save(record(id, document("{\"late\":true}"), later(), 2, null), 1));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).isEmpty();
    assertThat(holdsRecord(store, id)).isFalse();
  }

  @Test
  @DisplayName("save of a record that expired meanwhile fails and does not revive it")
  void saveOfExpiredRecordDoesNotRevive() throws Exception {
    String id = newId();
    await(admin().set(record(id, document("{}"), now().minusSeconds(1), 1, null)));

    boolean written = await(store.save(record(id, document("{\"late\":true}"), later(), 2, null), 1));

    assertThat(written).isFalse();
    assertThat(await(store.get(id))).isEmpty();
  }
}
