package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;
import static io.sessions4j.conformance.kit.Checks.waiting;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.conformance.client.SetCookieHeader;
import io.sessions4j.conformance.kit.CheckContext.Stats;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** H1. When a cookie is sent (both modes). */
final class H1CookieSending {

  private H1CookieSending() {}

  static List<Check> checks() {
    return List.of(
        http("H1.1a", "store: a request that writes nothing gets no Set-Cookie and stores nothing",
            H1CookieSending::untouchedStoreSessionLeavesNoTrace),
        http("H1.1b", "cookie, cookie-signed: a request that writes nothing gets no Set-Cookie",
            H1CookieSending::untouchedCookieSessionSendsNoCookie),
        http("H1.2", "store-uninit: a new untouched session is stored and its cookie set",
            H1CookieSending::saveUninitializedStoresUntouchedSession),
        http("H1.3a", "store: data set in a new session comes back, same id, when the cookie is sent back",
            c -> newSessionWithDataRoundTrips(c, "store")),
        http("H1.3b", "cookie: data set in a new session comes back from the encrypted cookie",
            c -> newSessionWithDataRoundTrips(c, "cookie")),
        http("H1.3c", "cookie-signed: data set in a new session comes back from the signed cookie",
            c -> newSessionWithDataRoundTrips(c, "cookie-signed")),
        http("H1.3d", "store, cookie: incr keeps an integer that counts across requests",
            H1CookieSending::incrCountsAcrossRequests),
        http("H1.4a", "store: a loaded session that is only read gets no Set-Cookie",
            c -> readOnlySessionGetsNoCookie(c, "store")),
        http("H1.4b", "cookie, cookie-signed: a loaded session that is only read gets no Set-Cookie",
            c -> {
              readOnlySessionGetsNoCookie(c, "cookie");
              readOnlySessionGetsNoCookie(c, "cookie-signed");
            }),
        http("H1.5a", "store: a changed session whose cookie has an expiry gets Set-Cookie",
            H1CookieSending::changedStoreSessionGetsCookie),
        http("H1.5b", "cookie, cookie-signed: a changed session gets a new cookie carrying the change",
            c -> {
              changedCookieSessionGetsNewCookie(c, "cookie");
              changedCookieSessionGetsNewCookie(c, "cookie-signed");
            }),
        http("H1.5c", "cookie: removing an attribute is a change the new cookie carries",
            H1CookieSending::removalIsAChange),
        http("H1.6a", "store-browser: a browser-session cookie is sent once, not again when data changes",
            H1CookieSending::browserSessionCookieSentOnce),
        http("H1.6b", "store-browser: a new id (change-id) sends the browser-session cookie again",
            H1CookieSending::browserSessionCookieResentForNewId),
        http("H1.7a", "store-rolling: an existing session gets Set-Cookie on a read-only request, expiry reset",
            H1CookieSending::rollingResendsCookieOnEveryResponse),
        http("H1.7b", "store-rolling: a new uninitialised session still gets no Set-Cookie",
            H1CookieSending::rollingSkipsUninitializedSession),
        waiting("H1.8", "cookie-renew: re-issued only once less than half of its 4 s max age is left",
            H1CookieSending::renewOnlyBelowHalfMaxAge),
        http("H1.9a", "store: cookies the application set are kept, an earlier sid cookie is replaced",
            c -> applicationCookiesKept(c, "store")),
        http("H1.9b", "cookie: cookies the application set are kept, an earlier sid cookie is replaced",
            c -> applicationCookiesKept(c, "cookie")),
        http("H1.10a", "store, cookie: the cookie is written before a streamed, early-flushed body",
            c -> {
              cookieWrittenWhenStreaming(c, "store");
              cookieWrittenWhenStreaming(c, "cookie");
            }),
        http("H1.10b", "store, cookie: the cookie is written on a 302 redirect",
            c -> {
              cookieWrittenOnRedirect(c, "store");
              cookieWrittenOnRedirect(c, "cookie");
            }),
        http("H1.10c", "store, cookie: the cookie is written on the server's error answer when the handler throws",
            c -> {
              cookieWrittenWhenHandlerThrows(c, "store");
              cookieWrittenWhenHandlerThrows(c, "cookie");
            }));
  }

  static void untouchedStoreSessionLeavesNoTrace(CheckContext c) {
    Stats before = c.stats("store");
    Reply r = c.get("store", "view");
    SessionJson s = c.ok(r);
    c.noSessionCookie(r, "nothing was written to a new session");
    c.expect(s.isNew(), "a request without cookie has a new session");
    Stats after = c.stats("store");
    c.expectEquals(before.writes(), after.writes(), "store writes made by the request");
    if (before.size() != null && after.size() != null) {
      c.expectEquals(before.size(), after.size(), "store size after the request");
    }
    if (s.id() != null) {
      c.expectEquals(false, c.stats("store", s.id()).exists(), "a record exists for the untouched session's id");
    }
  }

  static void untouchedCookieSessionSendsNoCookie(CheckContext c) {
    for (String profile : List.of("cookie", "cookie-signed")) {
      Reply r = c.get(profile, "view");
      SessionJson s = c.ok(r);
      c.noSessionCookie(r, profile + ": nothing was written to a new session");
      c.expectFresh(s, profile + ": a request without cookie");
      c.expectEquals(null, s.id(), profile + ": id in cookie mode");
    }
  }

  static void saveUninitializedStoresUntouchedSession(CheckContext c) {
    Reply first = c.get("store-uninit", "view");
    SessionJson created = c.ok(first);
    String sid = c.issuedCookie(first);
    c.expect(created.id() != null, "a store-mode session has an id");
    c.expectEquals(true, c.stats("store-uninit", created.id()).exists(), "the untouched session is in the store");
    SessionJson loaded = c.ok(c.get("store-uninit", "view", sid));
    c.expectEquals(created.id(), loaded.id(), "id when the cookie is sent back");
    c.expectEquals(false, loaded.isNew(), "new, when the cookie is sent back");
  }

  static void newSessionWithDataRoundTrips(CheckContext c, String profile) {
    Reply set = c.get(profile, route("set", "a", "1", "b", "two"));
    SessionJson created = c.ok(set);
    c.expect(created.isNew(), "the session of a request without cookie is new");
    c.expectAttributes(created, Map.of("a", "1", "b", "two"), "after set");
    String sid = c.issuedCookie(set);
    SessionJson loaded = c.ok(c.get(profile, "view", sid));
    c.expectEquals(false, loaded.isNew(), "new, when the cookie is sent back");
    c.expectAttributes(loaded, Map.of("a", "1", "b", "two"), "when the cookie is sent back");
    if (profile.startsWith("cookie")) {
      c.expectEquals(null, loaded.id(), "id in cookie mode");
    } else {
      c.expect(created.id() != null, "a store-mode session has an id");
      c.expectEquals(created.id(), loaded.id(), "id when the cookie is sent back");
    }
  }

  static void incrCountsAcrossRequests(CheckContext c) {
    for (String profile : List.of("store", "cookie")) {
      Reply first = c.get(profile, route("incr", "name", "n"));
      c.expectEquals(1, c.ok(first).attribute("n"), profile + ": n after the first incr (absent counts as 0)");
      Reply second = c.get(profile, route("incr", "name", "n"), c.issuedCookie(first));
      SessionJson counted = c.ok(second);
      c.expect(counted.raw().path("attributes").path("n").isIntegralNumber(),
          profile + ": incr keeps a JSON integer, got " + counted.raw().path("attributes").path("n"));
      c.expectEquals(2, counted.attribute("n"), profile + ": n after the second incr");
      String sid = c.cookieAfter(second, c.issuedCookie(first));
      c.expectEquals(2, c.ok(c.get(profile, "view", sid)).attribute("n"), profile + ": n read back");
    }
  }

  static void readOnlySessionGetsNoCookie(CheckContext c, String profile) {
    String sid = c.issuedCookie(c.get(profile, route("set", "a", "1")));
    Reply read = c.get(profile, "view", sid);
    c.expectAttributes(c.ok(read), Map.of("a", "1"), profile + ": loaded session");
    c.noSessionCookie(read, profile + ": the session was only read");
  }

  static void changedStoreSessionGetsCookie(CheckContext c) {
    Reply set = c.get("store", route("set", "a", "1"));
    SessionJson created = c.ok(set);
    Reply changed = c.get("store", route("set", "b", "2"), c.issuedCookie(set));
    c.ok(changed);
    String sid = c.issuedCookie(changed);
    SessionJson loaded = c.ok(c.get("store", "view", sid));
    c.expectEquals(created.id(), loaded.id(), "id after the change");
    c.expectAttributes(loaded, Map.of("a", "1", "b", "2"), "after the change");
  }

  static void changedCookieSessionGetsNewCookie(CheckContext c, String profile) {
    String first = c.issuedCookie(c.get(profile, route("set", "a", "1")));
    Reply changed = c.get(profile, route("set", "b", "2"), first);
    c.ok(changed);
    String second = c.issuedCookie(changed);
    c.expectAttributes(c.ok(c.get(profile, "view", second)), Map.of("a", "1", "b", "2"),
        profile + ": the new cookie sent back");
  }

  static void removalIsAChange(CheckContext c) {
    String first = c.issuedCookie(c.get("cookie", route("set", "a", "1", "b", "2")));
    Reply removed = c.get("cookie", route("remove", "name", "a"), first);
    c.expectAttributes(c.ok(removed), Map.of("b", "2"), "after remove");
    String second = c.issuedCookie(removed);
    c.expectAttributes(c.ok(c.get("cookie", "view", second)), Map.of("b", "2"), "the new cookie sent back");
  }

  static void browserSessionCookieSentOnce(CheckContext c) {
    Reply set = c.get("store-browser", route("set", "a", "1"));
    SessionJson created = c.ok(set);
    String sid = c.issuedCookie(set);
    Reply changed = c.get("store-browser", route("set", "b", "2"), sid);
    c.ok(changed);
    c.noSessionCookie(changed, "a browser-session cookie is not sent again for a data change");
    SessionJson loaded = c.ok(c.get("store-browser", "view", sid));
    c.expectEquals(created.id(), loaded.id(), "id");
    c.expectAttributes(loaded, Map.of("a", "1", "b", "2"), "the change is stored although no cookie was sent");
  }

  static void browserSessionCookieResentForNewId(CheckContext c) {
    String sid = c.issuedCookie(c.get("store-browser", route("set", "a", "1")));
    Reply changed = c.get("store-browser", "change-id", sid);
    SessionJson after = c.ok(changed);
    SetCookieHeader cookie = c.issued(changed);
    c.expect(!cookie.has("Expires") && !cookie.has("Max-Age"),
        "the re-sent cookie is still a browser-session cookie (no Expires, no Max-Age): " + cookie.raw());
    SessionJson loaded = c.ok(c.get("store-browser", "view", cookie.value()));
    c.expectEquals(after.id(), loaded.id(), "id loaded with the re-sent cookie");
    c.expectAttributes(loaded, Map.of("a", "1"), "with the re-sent cookie");
  }

  static void rollingResendsCookieOnEveryResponse(CheckContext c) {
    Reply set = c.get("store-rolling", route("set", "a", "1"));
    SessionJson created = c.ok(set);
    for (int i = 1; i <= 2; i++) {
      Reply read = c.get("store-rolling", "view", c.issuedCookie(set));
      c.ok(read);
      SetCookieHeader rolled = c.issued(read);
      c.expectExpiresAfter(rolled, read, Duration.ofHours(24));
      c.expectEquals(created.id(), c.ok(c.get("store-rolling", "view", rolled.value())).id(),
          "id loaded with the rolled cookie (read " + i + ")");
    }
  }

  static void rollingSkipsUninitializedSession(CheckContext c) {
    Reply r = c.get("store-rolling", "view");
    c.expectFresh(c.ok(r), "a request without cookie");
    c.noSessionCookie(r, "rolling does not apply to an uninitialised new session");
  }

  static void renewOnlyBelowHalfMaxAge(CheckContext c) throws InterruptedException {
    long beforeSet = System.nanoTime();
    String first = c.issuedCookie(c.get("cookie-renew", route("set", "a", "1")));
    long afterSet = System.nanoTime();
    Reply early = c.get("cookie-renew", "view", first);
    c.expectAttributes(c.ok(early), Map.of("a", "1"), "soon after it was set");
    if (!early.setCookies(CheckContext.SID).isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeSet, Duration.ofSeconds(2), "the early read");
    }
    c.noSessionCookie(early, "more than half of the 4 s max age is left: no renewal yet");
    c.sleepUntil(afterSet, Duration.ofMillis(2300));
    Reply late = c.get("cookie-renew", "view", first);
    SessionJson lateSession = c.ok(late);
    if (lateSession.attributes().isEmpty()) {
      c.inconclusiveIfElapsed(System.nanoTime() - beforeSet, Duration.ofSeconds(4), "the late read");
    }
    c.expectAttributes(lateSession, Map.of("a", "1"), "2.3 s after it was set");
    SetCookieHeader renewed = c.issued(late);
    c.expectExpiresAfter(renewed, late, Duration.ofSeconds(4));
    c.expectAttributes(c.ok(c.get("cookie-renew", "view", renewed.value())), Map.of("a", "1"),
        "the renewed cookie sent back");
  }

  static void applicationCookiesKept(CheckContext c, String profile) {
    Reply r = c.get(profile, route("set-cookie", "k", "v"));
    c.ok(r);
    c.expect(r.headers("set-cookie").contains("app=1; Path=/"),
        "the application's own Set-Cookie 'app=1; Path=/' is kept unchanged beside the session cookie");
    SetCookieHeader session = c.issued(r);
    c.expect(!session.value().equals("stale"),
        "the earlier 'sid=stale' the application set in this response is replaced by the session cookie");
    c.expectAttributes(c.ok(c.get(profile, "view", session.value())), Map.of("k", "v"),
        "the session cookie sent back");
  }

  static void cookieWrittenWhenStreaming(CheckContext c, String profile) {
    Reply r = c.get(profile, route("stream", "k", "v"));
    c.expectAttributes(c.ok(r), Map.of("k", "v"), profile + ": the streamed body");
    String sid = c.issuedCookie(r);
    c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("k", "v"), profile + ": the cookie sent back");
  }

  static void cookieWrittenOnRedirect(CheckContext c, String profile) {
    Reply r = c.get(profile, route("redirect", "k", "v"));
    c.expectEquals(302, r.status(), profile + ": status of /redirect");
    String location = r.header("location");
    c.expect(location != null && location.endsWith("/p/" + profile + "/view"),
        profile + ": Location of /redirect is /p/" + profile + "/view, got " + location);
    String sid = c.issuedCookie(r);
    c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("k", "v"), profile + ": the cookie sent back");
  }

  static void cookieWrittenWhenHandlerThrows(CheckContext c, String profile) {
    Reply r = c.get(profile, route("throw", "k", "v"));
    c.expect(r.status() >= 500 && r.status() <= 599,
        profile + ": /throw gets the server's error answer (5xx), got " + r.status());
    String sid = c.issuedCookie(r);
    c.expectAttributes(c.ok(c.get(profile, "view", sid)), Map.of("k", "v"), profile + ": the cookie sent back");
  }
}
