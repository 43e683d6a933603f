package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.Checks.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Store-mode checks repeated on the optional store profiles ({@code store-jdbc}, {@code
 * store-redis}): not applicable unless the harness runs them (URL in the environment and a store
 * factory on its classpath).
 */
final class StoreBackends {

  private StoreBackends() {}

  static List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    for (String backend : List.of("jdbc", "redis")) {
      String profile = "store-" + backend;
      checks.add(http("H1.3-" + backend, profile + ": data set in a new session comes back, same id",
          c -> H1CookieSending.newSessionWithDataRoundTrips(c, profile)));
      checks.add(http("H4.2-" + backend, profile + ": change-id keeps the data under a new id, the old id is gone",
          c -> H4Lifecycle.changeIdKeepsData(c, profile)));
      checks.add(http("H4.3-" + backend, profile + ": destroy removes the session from the store",
          c -> H4Lifecycle.destroyStore(c, profile)));
      checks.add(http("H5.1-" + backend, profile + ": an unchanged session is neither written nor touched right away",
          c -> H5StoreWrites.unchangedNotWritten(c, profile)));
      checks.add(http("H5.5-" + backend, profile + ": a cookie whose id is no longer in the store gives a new id",
          c -> H5StoreWrites.evictedIdStartsFresh(c, profile)));
      checks.add(http("H5.6-" + backend, profile + ": a request that never uses its session costs no store call and no cookie",
          c -> H5StoreWrites.untouchedCostsNothing(c, profile)));
      checks.add(http("H5.7-" + backend, profile + ": a session first used late in the request is the presented one, read once",
          c -> H5StoreWrites.lateUseLoadsThePresentedSession(c, profile)));
      checks.add(http("H5.8-" + backend, profile + ": 16 parallel requests × 4 rounds writing one session all answer 200 and keep every last value",
          c -> H5StoreWrites.hotSessionWriters(c, profile)));
    }
    return checks;
  }
}
