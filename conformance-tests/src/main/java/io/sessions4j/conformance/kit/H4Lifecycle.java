package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;
import static io.sessions4j.conformance.kit.Checks.waiting;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.conformance.client.SetCookieHeader;
import io.sessions4j.conformance.kit.CheckContext.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * H4. Session lifecycle. The expiry checks wait for real time to pass (a little past each short
 * expiry); they run concurrently with everything else. "Expired" is judged counting from after
 * the reply that set the deadline, "still alive" counting from before the request (see {@link
 * CheckContext#sleepUntil}), so a slow exchange never makes either pass or fail by accident.
 */
final class H4Lifecycle {

  /** A little past a deadline, so "expired" does not hinge on a millisecond. */
  private static final Duration PAST = Duration.ofMillis(200);

  private H4Lifecycle() {}

  static List<Check> checks() {
    return List.of(
        http("H4.1a", "store: regenerate gives a new id, drops the data, and the old id no longer loads",
            H4Lifecycle::regenerateStore),
        http("H4.1b", "cookie: regenerate drops the data and replaces or clears the client's cookie",
            H4Lifecycle::regenerateCookie),
        http("H4.2", "store: change-id gives a new id sent in a new cookie, keeps the data, and the old id is gone",
            c -> changeIdKeepsData(c, "store")),
        http("H4.3a", "store: destroy removes the session from the store; the old cookie starts fresh",
            c -> destroyStore(c, "store")),
        http("H4.3b", "cookie: destroy clears the cookie with an expired Set-Cookie on the same path",
            H4Lifecycle::destroyCookie),
        http("H4.4a", "store: unset=destroy destroys the session when the application drops it",
            H4Lifecycle::unsetDestroys),
        http("H4.4b", "store-keep: unset=keep discards the request's changes and leaves the stored session as it was",
            H4Lifecycle::unsetKeeps),
        http("H4.4c", "cookie: unset (destroy) clears the cookie",
            H4Lifecycle::unsetClearsCookie),
        http("H4.5a", "store-manual: without save nothing is written and no cookie is sent",
            H4Lifecycle::manualWithoutSaveWritesNothing),
        http("H4.5b", "store-manual: save writes once and sends the cookie",
            H4Lifecycle::manualSaveWritesOnce),
        http("H4.5c", "store: an explicit save writes at once, with no second write at the end of the request",
            H4Lifecycle::explicitSaveNoSecondWrite),
        http("H4.6a", "store: reload sees what another request saved in the meantime",
            H4Lifecycle::reloadSeesConcurrentSave),
        http("H4.6b", "store: reloading a session destroyed in the meantime is an error the application handles",
            H4Lifecycle::reloadOfGoneSession),
        http("H4.7a", "store: touch calls the store's touch and writes no data",
            H4Lifecycle::touchWithoutWrite),
        waiting("H4.7b", "cookie-idle: touch re-issues the cookie with the idle deadline moved forward",
            H4Lifecycle::touchExtendsCookieIdleDeadline),
        waiting("H4.8a", "store-short: a cookie sent after the 2 s max age starts a fresh session",
            c -> expiredAfter(c, "store-short", Duration.ofSeconds(2))),
        waiting("H4.8b", "store-idle: a cookie sent after 2 s idle starts a fresh session",
            c -> expiredAfter(c, "store-idle", Duration.ofSeconds(2))),
        waiting("H4.8c", "store-idle: an active session still ends at its 5 s absolute lifetime",
            c -> absoluteLifetimeEnforced(c, "store-idle")),
        waiting("H4.8d", "cookie-renew: a sealed cookie sent after its 4 s max age starts a fresh session",
            c -> expiredAfter(c, "cookie-renew", Duration.ofSeconds(4))),
        waiting("H4.8e", "cookie-idle: a sealed cookie sent after 2 s idle starts a fresh session",
            c -> expiredAfter(c, "cookie-idle", Duration.ofSeconds(2))),
        waiting("H4.8f", "cookie-idle: an active cookie session still ends at its 5 s absolute lifetime",
            c -> absoluteLifetimeEnforced(c, "cookie-idle")),
        http("H4.9a", "store: concurrent first requests create distinct sessions",
            c -> concurrentFirstRequests(c, "store")),
        http("H4.9b", "cookie: concurrent first requests each get their own session",
            c -> concurrentFirstRequests(c, "cookie")));
  }

  static void regenerateStore(CheckContext c) {
    Reply set = c.get("store", route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    SessionJson regenerated = c.ok(c.get("store", "regenerate", sid));
    c.expect(regenerated.id() != null && !regenerated.id().equals(before.id()), "regenerate gives a new id");
    c.expectAttributes(regenerated, Map.of(), "after regenerate");
    SessionJson old = c.ok(c.get("store", "view", sid));
    c.expectFresh(old, "the old cookie after regenerate");
    c.expect(!before.id().equals(old.id()), "the old id still loads after regenerate");
    c.expectEquals(false, c.stats("store", before.id()).exists(), "the old id's record exists after regenerate");
  }

  static void regenerateCookie(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie", route("set", "a", "1")));
    Reply regenerated = c.get("cookie", "regenerate", sid);
    c.expectAttributes(c.ok(regenerated), Map.of(), "after regenerate");
    String next = c.cookieAfter(regenerated, sid);
    c.expectAttributes(c.ok(c.get("cookie", "view", next)), Map.of(), "the cookie the client holds after regenerate ("
        + (next == null ? "cleared" : next.equals(sid) ? "the old one: no Set-Cookie was sent" : "replaced") + ")");
  }

  static void changeIdKeepsData(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String oldSid = c.issuedCookie(set);
    Reply changed = c.get(profile, "change-id", oldSid);
    SessionJson after = c.ok(changed);
    c.expect(after.id() != null && !after.id().equals(before.id()), "change-id gives a new id");
    c.expectAttributes(after, Map.of("a", "1"), "after change-id");
    String newSid = c.issuedCookie(changed);
    SessionJson loaded = c.ok(c.get(profile, "view", newSid));
    c.expectEquals(after.id(), loaded.id(), "id loaded with the new cookie");
    c.expectAttributes(loaded, Map.of("a", "1"), "with the new cookie");
    SessionJson old = c.ok(c.get(profile, "view", oldSid));
    c.expectFresh(old, "the old cookie after change-id");
    c.expect(!before.id().equals(old.id()), "the old id still loads after change-id");
    c.expectEquals(false, c.stats(profile, before.id()).exists(), "the old id's record exists after change-id");
  }

  static void destroyStore(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    c.ok(c.get(profile, "destroy", sid));
    Stats stats = c.stats(profile, before.id());
    c.expectEquals(false, stats.exists(), "the destroyed session's record exists");
    c.expect(stats.destroy() >= 1, "the store's destroy was called for the session");
    SessionJson later = c.ok(c.get(profile, "view", sid));
    c.expectFresh(later, "the destroyed session's cookie");
    c.expect(!before.id().equals(later.id()), "the destroyed id loads again");
  }

  static void destroyCookie(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie", route("set", "a", "1")));
    Reply destroyed = c.get("cookie", "destroy", sid);
    c.ok(destroyed);
    SetCookieHeader cleared = c.issuedOrCleared(destroyed);
    c.expect(c.deletes(cleared, destroyed), "destroy sends an expired Set-Cookie (Max-Age=0 or past Expires): " + cleared.raw());
    c.expectEquals("/p/cookie", cleared.attribute("Path"), "Path of the clearing cookie (must match to clear it)");
    c.expectFresh(c.ok(c.get("cookie", "view")), "the next request, without the cleared cookie");
  }

  static void unsetDestroys(CheckContext c) {
    Reply set = c.get("store", route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    c.ok(c.get("store", route("unset", "b", "2"), sid));
    c.expectEquals(false, c.stats("store", before.id()).exists(), "the record after unset with unset=destroy");
    SessionJson later = c.ok(c.get("store", "view", sid));
    c.expectFresh(later, "the cookie after unset with unset=destroy");
  }

  static void unsetKeeps(CheckContext c) {
    Reply set = c.get("store-keep", route("set", "a", "1"));
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats stored = c.stats("store-keep", before.id());
    c.ok(c.get("store-keep", route("unset", "b", "2"), sid));
    c.expectEquals(stored.writes(), c.stats("store-keep", before.id()).writes(), "store writes made by the unset request");
    SessionJson later = c.ok(c.get("store-keep", "view", sid));
    c.expectEquals(before.id(), later.id(), "id after unset with unset=keep");
    c.expectAttributes(later, Map.of("a", "1"), "after unset with unset=keep (b=2 discarded)");
  }

  static void unsetClearsCookie(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie", route("set", "a", "1")));
    Reply unset = c.get("cookie", "unset", sid);
    c.ok(unset);
    SetCookieHeader cleared = c.issuedOrCleared(unset);
    c.expect(c.deletes(cleared, unset), "unset=destroy in cookie mode clears the cookie: " + cleared.raw());
  }

  static void manualWithoutSaveWritesNothing(CheckContext c) {
    Reply set = c.get("store-manual", route("set", "a", "1"));
    SessionJson s = c.ok(set);
    c.noSessionCookie(set, "autoCommit is off and nothing called save");
    Stats stats = c.stats("store-manual", s.id());
    c.expectEquals(0L, stats.writes(), "store writes without save");
    c.expectEquals(false, stats.exists(), "a record exists without save");

    Reply saved = c.get("store-manual", route("save", "a", "1"));
    SessionJson existing = c.ok(saved);
    String sid = c.issuedCookie(saved);
    long writes = c.stats("store-manual", existing.id()).writes();
    c.ok(c.get("store-manual", route("set", "b", "2"), sid));
    c.expectEquals(writes, c.stats("store-manual", existing.id()).writes(), "store writes for a change without save");
    c.expectAttributes(c.ok(c.get("store-manual", "view", sid)), Map.of("a", "1"), "a change made without save");
  }

  static void manualSaveWritesOnce(CheckContext c) {
    Reply saved = c.get("store-manual", route("save", "a", "1"));
    SessionJson s = c.ok(saved);
    String sid = c.issuedCookie(saved);
    c.expectEquals(1L, c.stats("store-manual", s.id()).writes(), "store writes of a request that called save once");
    SessionJson loaded = c.ok(c.get("store-manual", "view", sid));
    c.expectEquals(s.id(), loaded.id(), "id");
    c.expectAttributes(loaded, Map.of("a", "1"), "after save");
  }

  static void explicitSaveNoSecondWrite(CheckContext c) {
    Reply created = c.get("store", route("save", "a", "1"));
    SessionJson s = c.ok(created);
    String sid = c.issuedCookie(created);
    c.expectEquals(1L, c.stats("store", s.id()).writes(), "store writes of a new session saved explicitly");
    c.ok(c.get("store", route("save", "b", "2"), sid));
    c.expectEquals(2L, c.stats("store", s.id()).writes(), "store writes after a second request that saved explicitly");
    c.expectAttributes(c.ok(c.get("store", "view", sid)), Map.of("a", "1", "b", "2"), "after both saves");
  }

  static void reloadSeesConcurrentSave(CheckContext c) throws Exception {
    Reply set = c.get("store", route("set", "a", "1"));
    c.ok(set);
    String sid = c.issuedCookie(set);
    String latch = "reload-" + UUID.randomUUID();
    CompletableFuture<Reply> reloading = c.getAsync("store", route("reload", "await", latch), sid);
    c.awaitArrival("store", latch);
    c.expectAttributes(c.ok(c.get("store", route("set", "b", "2"), sid)), Map.of("a", "1", "b", "2"),
        "the other request");
    c.release("store", latch);
    SessionJson reloaded = c.ok(c.arrived("store", "reload", reloading.get(30, TimeUnit.SECONDS)));
    c.expectEquals(null, reloaded.field("awaitTimedOut"), "the reload waited for its release");
    c.expectAttributes(reloaded, Map.of("a", "1", "b", "2"), "after reload");
  }

  static void reloadOfGoneSession(CheckContext c) throws Exception {
    Reply set = c.get("store", route("set", "a", "1"));
    c.ok(set);
    String sid = c.issuedCookie(set);
    String latch = "gone-" + UUID.randomUUID();
    CompletableFuture<Reply> reloading = c.getAsync("store", route("reload", "await", latch), sid);
    c.awaitArrival("store", latch);
    c.ok(c.get("store", "destroy", sid));
    c.release("store", latch);
    SessionJson reloaded = c.ok(c.arrived("store", "reload", reloading.get(30, TimeUnit.SECONDS)));
    c.expectEquals("gone", reloaded.field("error"), "error reported by reload of a destroyed session");
  }

  static void touchWithoutWrite(CheckContext c) {
    Reply set = c.get("store", route("set", "a", "1"));
    SessionJson s = c.ok(set);
    String sid = c.issuedCookie(set);
    Stats before = c.stats("store", s.id());
    c.expectAttributes(c.ok(c.get("store", "touch", sid)), Map.of("a", "1"), "after touch");
    Stats after = c.stats("store", s.id());
    c.expect(after.touch() > before.touch(), "touch calls the store's touch (calls before " + before.touch()
        + ", after " + after.touch() + ")");
    c.expectEquals(before.writes(), after.writes(), "store writes made by touch");
  }

  static void touchExtendsCookieIdleDeadline(CheckContext c) throws InterruptedException {
    long beforeSet = System.nanoTime();
    String first = c.issuedCookie(c.get("cookie-idle", route("set", "a", "1")));
    long afterSet = System.nanoTime();
    c.sleepUntil(beforeSet, Duration.ofMillis(1000));
    long beforeTouch = System.nanoTime();
    Reply touched = c.get("cookie-idle", "touch", first);
    SessionJson touchedSession = c.ok(touched);
    if (touchedSession.attributes().isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeSet, Duration.ofSeconds(2), "the touch");
    }
    c.expectAttributes(touchedSession, Map.of("a", "1"), "touch 1 s after set (idle timeout 2 s)");
    String second = c.issuedCookie(touched);
    // past the first cookie's idle deadline, still within the touched cookie's
    c.sleepUntil(afterSet, Duration.ofMillis(2050));
    SessionJson later = c.ok(c.get("cookie-idle", "view", second));
    if (later.attributes().isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeTouch, Duration.ofSeconds(2), "reading the touched cookie");
    }
    c.expectAttributes(later, Map.of("a", "1"), "the touched cookie 2.05 s after set (idle timeout 2 s, touched 1 s after set)");
    c.expectFresh(c.ok(c.get("cookie-idle", "view", first)), "the untouched cookie over 2 s after set (idle timeout 2 s)");
  }

  static void expiredAfter(CheckContext c, String profile, Duration expiry) throws InterruptedException {
    Reply set = c.get(profile, route("set", "a", "1"));
    long afterSet = System.nanoTime();
    SessionJson before = c.ok(set);
    String sid = c.issuedCookie(set);
    c.sleepUntil(afterSet, expiry.plus(PAST));
    SessionJson later = c.ok(c.get(profile, "view", sid));
    c.expectFresh(later, profile + ": the cookie sent " + expiry.plus(PAST).toMillis() + " ms after set");
    if (before.id() != null) {
      c.expect(!before.id().equals(later.id()), profile + ": the expired id loads again");
    }
  }

  static void absoluteLifetimeEnforced(CheckContext c, String profile) throws InterruptedException {
    long beforeCreate = System.nanoTime();
    Reply set = c.get(profile, route("incr", "name", "n"));
    long afterCreate = System.nanoTime();
    c.ok(set);
    String sid = c.issuedCookie(set);
    long previousSent = beforeCreate;
    for (int step = 1; step <= 5; step++) {
      c.sleepUntil(beforeCreate, Duration.ofMillis(800L * step));
      long sent = System.nanoTime();
      Reply active = c.get(profile, route("incr", "name", "n"), sid);
      Object n = c.ok(active).attribute("n");
      if (!Integer.valueOf(step + 1).equals(n)) {
        long now = System.nanoTime();
        c.inconclusiveIfElapsed(now - previousSent, Duration.ofSeconds(2), "keeping the session active (idle timeout 2 s)");
        c.inconclusiveIfElapsed(now - beforeCreate, Duration.ofSeconds(5), "keeping the session active (lifetime 5 s)");
      }
      c.expectEquals(step + 1, n,
          profile + ": n in a session kept active every 0.8 s (idle timeout 2 s), at " + (0.8 * step) + " s");
      sid = c.cookieAfter(active, sid);
      previousSent = sent;
    }
    c.sleepUntil(afterCreate, Duration.ofSeconds(5).plus(PAST));
    c.expectFresh(c.ok(c.get(profile, "view", sid)), profile + ": the active session 5.2 s after it was created");
  }

  static void concurrentFirstRequests(CheckContext c, String profile) throws Exception {
    List<CompletableFuture<Reply>> pending = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pending.add(c.getAsync(profile, route("set", "n", String.valueOf(i)), null));
    }
    Set<String> ids = new HashSet<>();
    Set<String> cookies = new HashSet<>();
    for (int i = 0; i < pending.size(); i++) {
      Reply r = c.arrived(profile, "set", pending.get(i).get(30, TimeUnit.SECONDS));
      SessionJson s = c.ok(r);
      c.expect(s.isNew(), "request " + i + " of 8 concurrent first requests has a new session");
      String sid = c.issuedCookie(r);
      c.expect(cookies.add(sid), "two concurrent first requests got the same cookie: " + sid);
      if (s.id() != null) {
        c.expect(ids.add(s.id()), "two concurrent first requests got the same id: " + s.id());
      }
      c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("n", String.valueOf(i)),
          "the cookie of concurrent request " + i);
    }
  }
}
