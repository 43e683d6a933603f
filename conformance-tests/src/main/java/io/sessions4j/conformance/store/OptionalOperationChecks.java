package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.store.StoredSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: the listing operations: length, all, clear and the principal index (S5). A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class OptionalOperationChecks extends RecordChecks {

  // ---- S5: length, all, clear, findByPrincipal ------------------------------------------------

  @Test
  @DisplayName("S5 length counts only unexpired records")
  void lengthCountsOnlyUnexpiredRecords() throws Exception {
    for (int i = 0; i < 3; i++) {
      await(store.set(record(newId(), json("{}"), later(), 1, null)));
    }
    for (int i = 0; i < 2; i++) {
      await(store.set(record(newId(), json("{}"), now().minusSeconds(60), 1, null)));
    }

    assertThat(await(store.length())).isEqualTo(3L);
  }

  @Test
  @DisplayName("S5 all lists exactly the unexpired records")
  void allListsOnlyUnexpiredRecords() throws Exception {
    StoredSession a = record(newId(), json("{\"a\":1}"), later(), 1, "ann");
    StoredSession b = record(newId(), json("{\"b\":2}"), later(), 4, null);
    await(store.set(a));
    await(store.set(b));
    await(store.set(record(newId(), json("{}"), now().minusSeconds(1), 1, null)));

    assertThat(await(store.all())).containsExactlyInAnyOrder(a, b);
  }

  @Test
  @DisplayName("S5 clear removes every record")
  void clearRemovesEverything() throws Exception {
    String live = newId();
    String expired = newId();
    await(store.set(record(live, json("{}"), later(), 1, null)));
    await(store.set(record(expired, json("{}"), now().minusSeconds(1), 1, null)));

    await(store.clear());

    assertThat(await(store.length())).isZero();
    assertThat(await(store.all())).isEmpty();
    assertThat(holdsRecord(store, live)).isFalse();
    assertThat(holdsRecord(store, expired)).isFalse();
  }

  @Test
  @DisplayName("S5 findByPrincipal returns exactly that principal's unexpired sessions (4-byte UTF-8, exact match)")
  void findByPrincipalReturnsOnlyThatPrincipalsLiveSessions() throws Exception {
    String principal = "ann😀@example.com";
    StoredSession first = record(newId(), json("{}"), later(), 1, principal);
    StoredSession second = record(newId(), json("{}"), later(), 2, principal);
    await(store.set(first));
    await(store.set(second));
    await(store.set(record(newId(), json("{}"), now().minusSeconds(1), 1, principal)));
    await(store.set(record(newId(), json("{}"), later(), 1, "ANN😀@example.com")));
    await(store.set(record(newId(), json("{}"), later(), 1, principal + " ")));
    await(store.set(record(newId(), json("{}"), later(), 1, null)));

    assertThat(await(store.findByPrincipal(principal))).containsExactlyInAnyOrder(first, second);
  }
}
