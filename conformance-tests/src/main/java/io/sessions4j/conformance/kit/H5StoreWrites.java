package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;
import static io.sessions4j.conformance.kit.Checks.waiting;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.conformance.kit.CheckContext.Stats;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * H5. Store-mode writes, observed through the instrumented store ({@code _stats}, {@code _fail}).
 * The failure-injection checks arm failures for a whole profile, which is why quick checks run one
 * at a time.
 */
final class H5StoreWrites {

  private H5StoreWrites() {}

  static List<Check> checks() {
    return List.of(
        http("H5.1a", "store: an unchanged session is neither written nor touched within the lazy-touch interval",
            c -> unchangedNotWritten(c, "store")),
        waiting("H5.1b", "store-short: an unchanged session past the lazy-touch interval is touched, not written",
            H5StoreWrites::unchangedTouchedAfterInterval),
        http("H5.2", "store-resave: the session is written on every request, once",
            H5StoreWrites::resaveWritesEveryRequest),
        http("H5.3a", "store: mutating a nested Map in place is a change, written once",
            H5StoreWrites::nestedChangeStore),
        http("H5.3b", "cookie: mutating a nested Map in place re-issues the cookie with the change",
            H5StoreWrites::nestedChangeCookie),
        http("H5.4a", "store (policy fail): a store error on load answers 503, and the session survives the outage",
            H5StoreWrites::loadFailureFails),
        http("H5.4b", "store-continue: a store error on load gives a fresh session, and the session survives the outage",
            H5StoreWrites::loadFailureContinues),
        http("H5.4c", "store (policy fail): a store error on save fails the request instead of being swallowed",
            H5StoreWrites::saveFailureReported),
        http("H5.4d", "store-continue: a store error on save sends no cookie for the unsaved session",
            H5StoreWrites::saveFailureContinuesWithoutCookie),
        http("H5.4e", "store (policy fail): a store error on destroy is not reported as success",
            H5StoreWrites::destroyFailureReported),
        http("H5.5", "store: a cookie whose id is no longer in the store gives a new session with a new id",
            c -> evictedIdStartsFresh(c, "store")),
        http("H5.6a", "store: a request that never uses its session reads, writes and touches nothing, and sends no cookie",
            c -> untouchedCostsNothing(c, "store")),
        http("H5.6b", "store-rolling: a request that never uses its session re-sends no rolling cookie and touches nothing",
            c -> untouchedCostsNothing(c, "store-rolling")),
        waiting("H5.6c", "store-idle: a request that never uses its session does not slide the idle timeout (no touch)",
            H5StoreWrites::untouchedDoesNotSlide),
        http("H5.7", "store: a session first used late in the request (after a hop to another thread) is the presented one, read once",
            c -> lateUseLoadsThePresentedSession(c, "store")),
        http("H5.8", "store: 16 parallel requests × 4 rounds writing one session (own and shared attributes) all answer 200 and keep every last value",
            c -> hotSessionWriters(c, "store")));
  }

  /**
   * A page firing parallel requests at one session: every write is applied, none is refused (no
   * 503 from a retry budget), and the session keeps each writer's last value and one of the values
   * written to the shared attribute.
   */
  static void hotSessionWriters(CheckContext c, String profile) throws Exception {
    int writers = 16;
    int rounds = 4;
    Reply seed = c.get(profile, route("set", "seed", "x"));
    c.ok(seed);
    String sid = c.issuedCookie(seed);
    for (int round = 0; round < rounds; round++) {
      List<java.util.concurrent.CompletableFuture<Reply>> pending = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String value = String.valueOf(round);
        pending.add(c.getAsync(profile, route("set", "w" + w, value, "shared", "w" + w + "-" + value), sid));
      }
      for (int w = 0; w < writers; w++) {
        Reply r = c.arrived(profile, "set", pending.get(w).get(30, java.util.concurrent.TimeUnit.SECONDS));
        c.expectEquals(200, r.status(), "status of parallel writer " + w + " in round " + round);
      }
    }
    Map<String, Object> attributes = c.ok(c.get(profile, "view", sid)).attributes();
    c.expectEquals("x", attributes.get("seed"), "the attribute nobody wrote concurrently");
    for (int w = 0; w < writers; w++) {
      c.expectEquals(String.valueOf(rounds - 1), attributes.get("w" + w), "writer " + w + "'s last value");
    }
    Object shared = attributes.get("shared");
    c.expect(shared instanceof String text && text.endsWith("-" + (rounds - 1)),
        "the shared attribute holds a value of the last round, was " + shared);
  }

  /**
   * Lazy loading: {@code untouched} never uses the session, so a valid session cookie costs no
   * store call at all and the response carries no Set-Cookie, whatever rolling says.
   */
  static void untouchedCostsNothing(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats(profile, s.id());
    for (int i = 0; i < 2; i++) {
      Reply untouched = c.get(profile, "untouched", sid);
      c.expectEquals(200, untouched.status(), "status of the untouched route");
      c.noSessionCookie(untouched, "the request never used its session");
    }
    Stats after = c.stats(profile, s.id());
    c.expectEquals(before.get(), after.get(), "store reads made by two requests that never used the session");
    c.expectEquals(before.writes(), after.writes(), "store writes made by two requests that never used the session");
    c.expectEquals(before.touch(), after.touch(), "store touches made by two requests that never used the session");
    c.expectEquals(before.destroy(), after.destroy(), "store deletes made by two requests that never used the session");
    c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("a", "1"), "after the untouched requests");
  }

  /** Past the lazy-touch interval a used session would be touched (H5.1b); an unused one is not. */
  static void untouchedDoesNotSlide(CheckContext c) throws InterruptedException {
    String profile = "store-idle";
    long beforeSet = System.nanoTime();
    Reply set = c.get(profile, route("set", "a", "1"));
    long afterSet = System.nanoTime();
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats(profile, s.id());
    c.sleepUntil(afterSet, Duration.ofMillis(1100));
    Reply untouched = c.get(profile, "untouched", sid);
    c.expectEquals(200, untouched.status(), "status of the untouched route");
    c.noSessionCookie(untouched, "the request never used its session");
    Stats after = c.stats(profile, s.id());
    c.expectEquals(before.get(), after.get(), "store reads made by a request that never used the session");
    c.expectEquals(before.touch(), after.touch(), "store touches made by a request that never used the session, "
        + "1.1 s into a 2 s idle timeout");
    c.expectEquals(before.writes(), after.writes(), "store writes made by a request that never used the session");
    SessionJson read = c.ok(c.get(profile, "view", sid));
    if (read.attributes().isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeSet, Duration.ofSeconds(2), "the read");
    }
    c.expectAttributes(read, Map.of("a", "1"), "a read after the untouched request, within the idle timeout");
  }

  /** The lazy read, started late in the request, still finds the session the cookie names. */
  static void lateUseLoadsThePresentedSession(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats(profile, s.id());
    Reply late = c.get(profile, "late", sid);
    SessionJson read = c.ok(late);
    c.expectEquals(s.id(), read.id(), "id of the session used late in the request");
    c.expectEquals(false, read.isNew(), "\"new\" of the session used late in the request");
    c.expectAttributes(read, Map.of("a", "1"), "the session used late in the request");
    c.noSessionCookie(late, "a read-only request");
    Stats after = c.stats(profile, s.id());
    c.expectEquals(before.get() + 1, after.get(), "store reads made by one request that used its session");
    c.expectEquals(before.writes(), after.writes(), "store writes made by a read-only request");
  }

  static void unchangedNotWritten(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats(profile, s.id());
    for (int i = 0; i < 2; i++) {
      c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("a", "1"), "read " + (i + 1));
    }
    Stats after = c.stats(profile, s.id());
    c.expectEquals(before.writes(), after.writes(), "store writes made by two read-only requests");
    c.expectEquals(before.touch(), after.touch(), "store touches right after a write (within the lazy-touch interval)");
  }

  static void unchangedTouchedAfterInterval(CheckContext c) throws InterruptedException {
    long beforeSet = System.nanoTime();
    Reply set = c.get("store-short", route("set", "a", "1"));
    long afterSet = System.nanoTime();
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats("store-short", s.id());
    c.sleepUntil(afterSet, Duration.ofMillis(1100));
    SessionJson read = c.ok(c.get("store-short", "view", sid));
    if (read.attributes().isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeSet, Duration.ofSeconds(2), "the read");
    }
    c.expectAttributes(read, Map.of("a", "1"), "a read 1.1 s into a 2 s max age");
    Stats after = c.stats("store-short", s.id());
    c.expectEquals(before.writes(), after.writes(), "store writes made by a read-only request");
    c.expect(after.touch() > before.touch(), "a read-only request past the lazy-touch interval touches the store"
        + " (touch calls before " + before.touch() + ", after " + after.touch() + ")");
  }

  static void resaveWritesEveryRequest(CheckContext c) {
    Reply set = c.get("store-resave", route("set", "a", "1"));
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats("store-resave", s.id());
    c.ok(c.get("store-resave", "view", sid));
    c.ok(c.get("store-resave", "view", sid));
    c.expectEquals(before.writes() + 2, c.stats("store-resave", s.id()).writes(),
        "store writes after two read-only requests with resave on");
  }

  static void nestedChangeStore(CheckContext c) {
    Reply created = c.get("store", route("nested", "x", "1"));
    SessionJson s = c.ok(created);
    String sid = c.issuedCookie(created);
    Stats before = c.stats("store", s.id());
    c.ok(c.get("store", route("nested", "k", "v"), sid));
    c.expectEquals(before.writes() + 1, c.stats("store", s.id()).writes(), "store writes for an in-place nested change");
    c.expectAttributes(c.ok(c.get("store", "view", sid)), Map.of("nested", Map.of("x", "1", "k", "v")),
        "after the in-place nested change");
  }

  static void nestedChangeCookie(CheckContext c) {
    String first = c.issuedCookie(c.get("cookie", route("nested", "x", "1")));
    Reply changed = c.get("cookie", route("nested", "k", "v"), first);
    c.ok(changed);
    String second = c.issuedCookie(changed);
    c.expectAttributes(c.ok(c.get("cookie", "view", second)), Map.of("nested", Map.of("x", "1", "k", "v")),
        "the cookie issued for the in-place nested change");
  }

  static void loadFailureFails(CheckContext c) {
    String sid = c.issuedCookie(c.get("store", route("set", "a", "1")));
    try {
      c.failNext("store", "get", 1);
      Reply failed = c.get("store", "view", sid);
      c.expectEquals(503, failed.status(), "status when the store fails on load (policy fail)");
    } finally {
      c.reset("store");
    }
    c.expectAttributes(c.ok(c.get("store", "view", sid)), Map.of("a", "1"), "after the outage");
  }

  static void loadFailureContinues(CheckContext c) {
    Reply set = c.get("store-continue", route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    try {
      c.failNext("store-continue", "get", 1);
      c.expectFresh(c.ok(c.get("store-continue", "view", sid)), "a request whose load failed (policy continue)");
    } finally {
      c.reset("store-continue");
    }
    SessionJson after = c.ok(c.get("store-continue", "view", sid));
    c.expectEquals(before.id(), after.id(), "id after the outage");
    c.expectAttributes(after, Map.of("a", "1"), "after the outage");
  }

  static void saveFailureReported(CheckContext c) {
    String sid = c.issuedCookie(c.get("store", route("set", "a", "1")));
    try {
      c.failNext("store", "save", 1);
      Reply failed = c.get("store", route("set", "b", "2"), sid);
      c.expect(failed.status() >= 500 && failed.status() <= 599,
          "a change whose save failed is answered with an error (5xx), got " + failed.status());
    } finally {
      c.reset("store");
    }
    c.expectAttributes(c.ok(c.get("store", "view", sid)), Map.of("a", "1"), "after the failed save");
  }

  static void saveFailureContinuesWithoutCookie(CheckContext c) {
    try {
      c.failNext("store-continue", "save", 1);
      Reply r = c.get("store-continue", route("set", "a", "1"));
      c.expectAttributes(c.ok(r), Map.of("a", "1"), "the request whose save failed (policy continue)");
      c.noSessionCookie(r, "the session could not be saved, so no cookie may point at it");
    } finally {
      c.reset("store-continue");
    }
  }

  static void destroyFailureReported(CheckContext c) {
    String sid = c.issuedCookie(c.get("store", route("set", "a", "1")));
    try {
      c.failNext("store", "destroy", 1);
      Reply failed = c.get("store", "destroy", sid);
      c.expect(failed.status() >= 500 && failed.status() <= 599,
          "a destroy (logout) the store failed is answered with an error (5xx), got " + failed.status());
    } finally {
      c.reset("store");
    }
  }

  static void evictedIdStartsFresh(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    c.evict(profile, before.id());
    SessionJson later = c.ok(c.get(profile, "view", sid));
    c.expectFresh(later, "the cookie of a session no longer in the store");
    c.expect(!before.id().equals(later.id()), "the session without a record kept the client's id " + before.id());
    Reply changed = c.get(profile, route("set", "b", "2"), sid);
    SessionJson recreated = c.ok(changed);
    c.expect(!before.id().equals(recreated.id()), "data set with the stale cookie was stored under the client's old id");
    c.expectEquals(recreated.id(), c.ok(c.get(profile, "view", c.issuedCookie(changed))).id(),
        "id loaded with the cookie issued for the new session");
    c.expectEquals(false, c.stats(profile, before.id()).exists(), "the old id's record after a write with its cookie");
  }
}
