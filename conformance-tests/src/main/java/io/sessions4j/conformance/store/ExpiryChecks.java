package io.sessions4j.conformance.store;

import static org.assertj.core.api.Assertions.assertThat;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One family of the store conformance checks: expired records: removed by the store itself and reported to its expiry listener (S6). A store's test does not extend this class
 * but {@link StoreConformanceSuite}, which runs every family.
 */
public abstract class ExpiryChecks extends OptionalOperationChecks {

  // ---- S6: expired records are removed ------------------------------------------------------

  @Test
  @DisplayName("S6 expired records are removed by the store itself; live ones stay")
  void expiredRecordsAreRemoved() throws Exception {
    String expired = newId();
    String live = newId();
    await(admin().set(record(expired, document("{}"), now().minusSeconds(3600), 1, null)));
    await(admin().set(record(live, document("{}"), later(), 1, null)));

    removeExpired(store);

    awaitTrue("the expired record to be removed", () -> !holdsRecordUnchecked(expired));
    assertThat(holdsRecord(store, live)).isTrue();
    assertThat(await(store.get(live))).isPresent();
  }

  @Test
  @DisplayName("S6 the store tells its expiry listener about records it removes")
  void removedRecordsAreReportedToTheExpiryListener() throws Exception {
    requires(Guarantee.EXPIRY_EVENTS);
    Assumptions.assumeTrue(reportsExpiry(), "this store's test says it cannot see the records it expires");
    Set<String> reported = ConcurrentHashMap.newKeySet();
    store.setExpiryListener(reported::add);
    String expired = newId();
    String live = newId();
    await(admin().set(record(expired, document("{}"), now().minusSeconds(3600), 1, null)));
    await(admin().set(record(live, document("{}"), later(), 1, null)));

    removeExpired(store);

    awaitTrue("the expiry listener to be told", () -> reported.contains(expired));
    assertThat(reported).doesNotContain(live);
  }
}
