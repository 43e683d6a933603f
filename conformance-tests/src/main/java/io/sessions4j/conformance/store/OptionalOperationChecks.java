package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import io.sessions4j.core.store.StoredSession;
import java.util.List;
import java.util.function.Function;
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
      await(admin().set(record(newId(), document("{}"), later(), 1, null)));
    }
    for (int i = 0; i < 2; i++) {
      await(admin().set(record(newId(), document("{}"), now().minusSeconds(60), 1, null)));
    }

    assertThat(await(admin().length())).isEqualTo(3L);
  }

  @Test
  @DisplayName("S5 all lists exactly the unexpired records")
  void allListsOnlyUnexpiredRecords() throws Exception {
    StoredSession a = record(newId(), document("{\"a\":1}"), later(), 1, "ann");
    StoredSession b = record(newId(), document("{\"b\":2}"), later(), 4, null);
    await(admin().set(a));
    await(admin().set(b));
    await(admin().set(record(newId(), document("{}"), now().minusSeconds(1), 1, null)));

    assertSameRecords(await(admin().all()), a, b);
  }

  @Test
  @DisplayName("S5 clear removes every record")
  void clearRemovesEverything() throws Exception {
    String live = newId();
    String expired = newId();
    await(admin().set(record(live, document("{}"), later(), 1, null)));
    await(admin().set(record(expired, document("{}"), now().minusSeconds(1), 1, null)));

    await(admin().clear());

    assertThat(await(admin().length())).isZero();
    assertThat(await(admin().all())).isEmpty();
    assertThat(holdsRecord(store, live)).isFalse();
    assertThat(holdsRecord(store, expired)).isFalse();
  }

  @Test
  @DisplayName("S5 findByPrincipal returns exactly that principal's unexpired sessions (4-byte UTF-8, exact match)")
  void findByPrincipalReturnsOnlyThatPrincipalsLiveSessions() throws Exception {
    // a store that reads the principal from the data gets documents naming it (documentNaming)
    Function<String, byte[]> data = keeps(Guarantee.WRITTEN_PRINCIPAL) ? p -> document("{}") : this::documentNaming;
    if (data.apply("ann") == null) {
      requires(Guarantee.WRITTEN_PRINCIPAL);
    }
    String principal = "ann😀@example.com";
    StoredSession first = record(newId(), data.apply(principal), later(), 1, principal);
    StoredSession second = record(newId(), data.apply(principal), later(), 2, principal);
    await(admin().set(first));
    await(admin().set(second));
    await(admin().set(record(newId(), data.apply(principal), now().minusSeconds(1), 1, principal)));
    await(admin().set(record(newId(), data.apply("ANN😀@example.com"), later(), 1, "ANN😀@example.com")));
    await(admin().set(record(newId(), data.apply(principal + " "), later(), 1, principal + " ")));
    await(admin().set(record(newId(), document("{}"), later(), 1, null)));

    List<StoredSession> found = await(principalIndex().findByPrincipal(principal));

    assertSameRecords(found, first, second);
    assertThat(found).extracting(StoredSession::principal).containsOnly(principal);
  }
}
