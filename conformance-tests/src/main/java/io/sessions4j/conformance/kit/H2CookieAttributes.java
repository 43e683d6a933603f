package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.conformance.client.SetCookieHeader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** H2. Cookie attributes. */
final class H2CookieAttributes {

  /** Beyond 2^32 ms, so neither a signed nor an unsigned 32-bit overflow goes unnoticed. */
  static final long HUGE_MAX_AGE_MS = 5_000_000_000L;

  private H2CookieAttributes() {}

  static List<Check> checks() {
    return List.of(
        http("H2.1a", "store: defaults are Path=/p/store, HttpOnly, SameSite=Lax, no Secure, no Domain, Expires = now + 24 h",
            c -> defaultAttributes(c, "store")),
        http("H2.1b", "cookie: defaults are Path=/p/cookie, HttpOnly, SameSite=Lax, no Secure, no Domain, Expires = now + 24 h",
            c -> defaultAttributes(c, "cookie")),
        http("H2.1c", "store-browser, cookie-browser: a browser-session cookie has neither Expires nor Max-Age",
            c -> {
              browserSessionCookieHasNoExpiry(c, "store-browser");
              browserSessionCookieHasNoExpiry(c, "cookie-browser");
            }),
        http("H2.2", "store-secure: secure=always over plain HTTP sends no session cookie and the application works",
            H2CookieAttributes::secureCookieNeverSentOverPlainHttp),
        http("H2.3a", "store-proxy: X-Forwarded-Proto: https from a trusted proxy gives Secure",
            c -> secureFromForwardedProto(c, "https", true)),
        http("H2.3b", "store-proxy: only the first value of a comma list counts ('https, http' Secure; 'http, https' not)",
            c -> {
              secureFromForwardedProto(c, "https, http", true);
              secureFromForwardedProto(c, "http, https", false);
            }),
        http("H2.3c", "store-proxy: without X-Forwarded-Proto plain HTTP gets no Secure",
            H2CookieAttributes::noSecureWithoutForwardedProto),
        http("H2.3d", "store: without trust-proxy X-Forwarded-Proto: https is ignored",
            H2CookieAttributes::forwardedProtoIgnoredWithoutTrustProxy),
        http("H2.4a", "store-attrs: over HTTPS the cookie has Secure, SameSite=None, Partitioned and Priority=High",
            H2CookieAttributes::configuredAttributesEmitted),
        http("H2.4b", "store-attrs: over plain HTTP no cookie carries SameSite=None or Partitioned without Secure",
            H2CookieAttributes::sameSiteNoneNeverWithoutSecure),
        http("H2.5a", "store: a per-session max age changes only that session's expiry and sticks",
            c -> maxAgeOverrideSticks(c, "store")),
        http("H2.5b", "cookie: a per-session max age changes only that session's expiry and sticks",
            c -> maxAgeOverrideSticks(c, "cookie")),
        http("H2.6a", "store: a max age beyond 2^32 ms gives the right Expires",
            c -> hugeMaxAge(c, "store")),
        http("H2.6b", "cookie: a max age beyond 2^32 ms gives the right Expires",
            c -> hugeMaxAge(c, "cookie")),
        http("H2.7", "cookie-small: a session too big for a 4096-byte cookie is an error, never an oversized cookie (kit addition)",
            H2CookieAttributes::oversizedCookieRefused),
        http("H2.8", "store: a 100 KB attribute round-trips with a small cookie; cookie-small: 1 KB fits (kit addition)",
            H2CookieAttributes::largeValuesWhereTheyFit));
  }

  static void defaultAttributes(CheckContext c, String profile) {
    Reply r = c.get(profile, route("set", "a", "1"));
    c.ok(r);
    SetCookieHeader cookie = c.issued(r);
    c.expectEquals("/p/" + profile, cookie.attribute("Path"), "Path");
    c.expect(cookie.has("HttpOnly"), "HttpOnly is on by default: " + cookie.raw());
    c.expect(!cookie.has("Secure"), "no Secure over plain HTTP (secure=auto): " + cookie.raw());
    c.expectEquals("lax", lower(cookie.attribute("SameSite")), "SameSite (default Lax)");
    c.expect(!cookie.has("Domain"), "no Domain by default (host-only cookie): " + cookie.raw());
    c.expectExpiresAfter(cookie, r, Duration.ofHours(24));
  }

  static void browserSessionCookieHasNoExpiry(CheckContext c, String profile) {
    Reply r = c.get(profile, route("set", "a", "1"));
    c.ok(r);
    SetCookieHeader cookie = c.issued(r);
    c.expect(!cookie.has("Expires") && !cookie.has("Max-Age"),
        profile + ": a browser-session cookie has no Expires and no Max-Age: " + cookie.raw());
    c.expectEquals("/p/" + profile, cookie.attribute("Path"), profile + ": Path");
  }

  static void secureCookieNeverSentOverPlainHttp(CheckContext c) {
    Reply r = c.get("store-secure", route("set", "a", "1"));
    SessionJson s = c.ok(r);
    c.noSessionCookie(r, "secure=always over plain HTTP: a browser would drop a Secure cookie");
    c.expectAttributes(s, Map.of("a", "1"), "the application still works");
  }

  static void secureFromForwardedProto(CheckContext c, String forwardedProto, boolean secure) {
    Reply r = c.request("store-proxy", route("set", "a", "1"), Map.of("X-Forwarded-Proto", forwardedProto));
    c.ok(r);
    SetCookieHeader cookie = c.issued(r);
    c.expectEquals(secure, cookie.has("Secure"), "Secure with X-Forwarded-Proto: " + forwardedProto);
  }

  static void noSecureWithoutForwardedProto(CheckContext c) {
    Reply r = c.get("store-proxy", route("set", "a", "1"));
    c.ok(r);
    c.expectEquals(false, c.issued(r).has("Secure"), "Secure over plain HTTP without X-Forwarded-Proto");
  }

  static void forwardedProtoIgnoredWithoutTrustProxy(CheckContext c) {
    Reply r = c.request("store", route("set", "a", "1"), Map.of("X-Forwarded-Proto", "https"));
    c.ok(r);
    c.expectEquals(false, c.issued(r).has("Secure"), "Secure from an untrusted X-Forwarded-Proto: https");
  }

  static void configuredAttributesEmitted(CheckContext c) {
    Reply r = c.request("store-attrs", route("set", "a", "1"), Map.of("X-Forwarded-Proto", "https"));
    c.ok(r);
    SetCookieHeader cookie = c.issued(r);
    c.expect(cookie.has("Secure"), "Secure over HTTPS: " + cookie.raw());
    c.expectEquals("none", lower(cookie.attribute("SameSite")), "SameSite");
    c.expect(cookie.has("Partitioned"), "Partitioned is emitted when configured: " + cookie.raw());
    c.expectEquals("high", lower(cookie.attribute("Priority")), "Priority");
  }

  static void sameSiteNoneNeverWithoutSecure(CheckContext c) {
    Reply r = c.get("store-attrs", route("set", "a", "1"));
    c.expectAttributes(c.ok(r), Map.of("a", "1"), "the application works over plain HTTP");
    for (SetCookieHeader cookie : r.setCookies(CheckContext.SID)) {
      if (cookie.has("Secure")) {
        continue;
      }
      c.expect(!"none".equals(lower(cookie.attribute("SameSite"))),
          "SameSite=None without Secure (browsers drop it): " + cookie.raw());
      c.expect(!cookie.has("Partitioned"), "Partitioned without Secure (browsers drop it): " + cookie.raw());
    }
  }

  static void maxAgeOverrideSticks(CheckContext c, String profile) {
    String sid = c.issuedCookie(c.get(profile, route("set", "a", "1")));
    Reply shortened = c.get(profile, route("max-age", "ms", "60000"), sid);
    c.expectAttributes(c.ok(shortened), Map.of("a", "1"), "after max-age");
    SetCookieHeader cookie = c.issued(shortened);
    c.expectExpiresAfter(cookie, shortened, Duration.ofSeconds(60));

    Reply later = c.get(profile, route("set", "b", "2"), cookie.value());
    c.expectAttributes(c.ok(later), Map.of("a", "1", "b", "2"), "a later change");
    c.expectExpiresAfter(c.issued(later), later, Duration.ofSeconds(60));

    Reply other = c.get(profile, route("set", "c", "3"));
    c.ok(other);
    c.expectExpiresAfter(c.issued(other), other, Duration.ofHours(24));
  }

  static void hugeMaxAge(CheckContext c, String profile) {
    String sid = c.issuedCookie(c.get(profile, route("set", "a", "1")));
    Reply r = c.get(profile, route("max-age", "ms", String.valueOf(HUGE_MAX_AGE_MS)), sid);
    c.ok(r);
    c.expectExpiresAfter(c.issued(r), r, Duration.ofMillis(HUGE_MAX_AGE_MS));
  }

  static void oversizedCookieRefused(CheckContext c) {
    c.ok(c.get("cookie-small", route("big", "bytes", "1000")));
    Reply r = c.get("cookie-small", route("big", "bytes", "5000"));
    c.expect(r.status() >= 500 && r.status() <= 599,
        "a session that cannot fit in a cookie fails the request (5xx), got " + r.status());
    for (SetCookieHeader cookie : r.setCookies(CheckContext.SID)) {
      c.expect(cookie.raw().length() <= 4096,
          "a Set-Cookie of " + cookie.raw().length() + " bytes (over 4096, browsers drop it)");
    }
  }

  static void largeValuesWhereTheyFit(CheckContext c) {
    Reply big = c.get("store", route("big", "bytes", "100000"));
    c.ok(big);
    SetCookieHeader storeCookie = c.issued(big);
    c.expect(storeCookie.raw().length() < 4096, "a store-mode cookie carries only the id, got "
        + storeCookie.raw().length() + " bytes");
    Object stored = c.ok(c.get("store", "view", storeCookie.value())).attribute("big");
    c.expect(stored instanceof String s && s.length() == 100_000,
        "the 100 KB attribute read back has " + (stored instanceof String s ? s.length() : stored) + " characters");

    Reply small = c.get("cookie-small", route("big", "bytes", "1000"));
    c.ok(small);
    Object inCookie = c.ok(c.get("cookie-small", "view", c.issuedCookie(small))).attribute("big");
    c.expect(inCookie instanceof String s && s.length() == 1000,
        "the 1 KB attribute read back has " + (inCookie instanceof String s ? s.length() : inCookie) + " characters");
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
  }
}
