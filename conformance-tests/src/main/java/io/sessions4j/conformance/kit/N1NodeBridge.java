package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SetCookieHeader;
import io.sessions4j.conformance.harness.ConformanceProfiles;
import io.sessions4j.core.compat.node.ExpressSessionCookie;
import io.sessions4j.core.compat.node.Keygrip;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * N1. The Node bridge's profiles speak the Node packages' formats, checked from the outside with
 * the formats' own rules: express-session's signed {@code connect.sid} ({@code node-express-redis},
 * {@code node-express-mysql}, secret {@code keyboard cat}), and the {@code name} + {@code name.sig}
 * keygrip pair of cookie-session and koa-session ({@code node-cookie-session}, {@code
 * node-koa-session}, keys {@code a}, {@code b}), and koa-session's external-store mode, whose pair
 * holds only the external key, a UUID ({@code node-koa-redis}). A Node app configured the same way shares
 * sessions with these profiles; {@code node-interop} proves that against the real packages.
 */
final class N1NodeBridge {

  private N1NodeBridge() {}

  static List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    for (String profile : List.of("node-express-redis", "node-express-mysql")) {
      String backend = profile.substring("node-express-".length());
      checks.add(http("N1.1-" + backend, profile + ": the id cookie is express-session's connect.sid "
          + "(s:<uid-safe id>.<HMAC-SHA256 with 'keyboard cat'>, Expires, no Max-Age), and it loads the session",
          c -> expressCookieLoads(c, profile)));
      checks.add(http("N1.2-" + backend, profile + ": an id signed with another secret, or unsigned, gives a fresh session",
          c -> expressForgeriesStartFresh(c, profile)));
    }
    for (String profile : List.of("node-cookie-session", "node-koa-session")) {
      String name = profile.substring("node-".length());
      checks.add(http("N1.3-" + name, profile + ": the session is base64 JSON in its cookie, signed in .sig with "
          + "keygrip (HMAC-SHA1, key 'a'), and it loads", c -> keygripPairLoads(c, profile)));
      checks.add(http("N1.4-" + name, profile + ": a payload signed with the older key 'b' loads and is re-signed with 'a'; "
          + "a bad or missing .sig gives a fresh session", c -> keygripRotationAndForgeries(c, profile)));
    }
    checks.add(http("N1.5-koa-redis", "node-koa-redis: the cookie koa.sess holds koa-session's external key (a UUID), "
        + "signed in koa.sess.sig with keygrip (HMAC-SHA1, key 'a'), and it loads", N1NodeBridge::koaKeyLoads));
    checks.add(http("N1.6-koa-redis", "node-koa-redis: a key signed with the older key 'b' loads and is re-signed with 'a'; "
        + "a bad or missing .sig, or another key, gives a fresh session", N1NodeBridge::koaKeyRotationAndForgeries));
    return checks;
  }

  static void koaKeyLoads(CheckContext c) {
    String profile = "node-koa-redis";
    String name = ConformanceProfiles.cookieName(profile);
    Reply set = c.get(profile, route("set", "user", "alice"));
    SetCookieHeader key = only(c, set, name);
    SetCookieHeader sig = only(c, set, name + ".sig");
    c.expect(key.value().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
        "the external key is a random UUID, as koa-session's genid makes it: " + key.value());
    c.expectEquals(Keygrip.sign(name + "=" + key.value(), "a"), sig.value(), "the .sig cookie: keygrip of name=key with key 'a'");
    c.expectAttributes(c.ok(c.request(profile, "view", Map.of("Cookie", pair(name, key.value(), sig.value())))),
        Map.of("user", "alice"), "both cookies sent back");
  }

  static void koaKeyRotationAndForgeries(CheckContext c) {
    String profile = "node-koa-redis";
    String name = ConformanceProfiles.cookieName(profile);
    String key = only(c, c.get(profile, route("set", "user", "alice")), name).value();
    Reply read = c.request(profile, "view", Map.of("Cookie", pair(name, key, Keygrip.sign(name + "=" + key, "b"))));
    c.expectAttributes(c.ok(read), Map.of("user", "alice"), "a key signed with the older key 'b'");
    SetCookieHeader resigned = only(c, read, name + ".sig");
    c.expectEquals(Keygrip.sign(name + "=" + key, "a"), resigned.value(), "the re-sent .sig, signed with the first key 'a'");
    c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", pair(name, key, "forged")))), "a forged .sig");
    c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", name + "=" + key))), "no .sig at all");
    String other = java.util.UUID.randomUUID().toString();
    c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", pair(name, other, Keygrip.sign(name + "=" + other, "a"))))),
        "a signed key the store does not hold");
  }

  static void expressCookieLoads(CheckContext c, String profile) {
    String name = ConformanceProfiles.cookieName(profile);
    Reply set = c.get(profile, route("set", "user", "alice"));
    SetCookieHeader cookie = only(c, set, name);
    c.expect(cookie.has("Expires") && !cookie.has("Max-Age"), "express-session writes Expires and no Max-Age: " + cookie.raw());
    ExpressSessionCookie.Verified verified = ExpressSessionCookie.unsign(cookie.value(), List.of(ConformanceProfiles.NODE_SECRET));
    c.expect(verified != null, "the cookie verifies as express-session's, secret 'keyboard cat': " + cookie.value());
    c.expect(verified.id().matches("[A-Za-z0-9_-]{32}"), "the id is a uid-safe id (24 bytes, 32 base64url characters)");
    c.expectAttributes(c.ok(c.request(profile, "view", Map.of("Cookie", name + "=" + cookie.value()))),
        Map.of("user", "alice"), "the connect.sid cookie sent back");
  }

  static void expressForgeriesStartFresh(CheckContext c, String profile) {
    String name = ConformanceProfiles.cookieName(profile);
    SetCookieHeader cookie = only(c, c.get(profile, route("set", "user", "alice")), name);
    String id = ExpressSessionCookie.unsign(cookie.value(), List.of(ConformanceProfiles.NODE_SECRET)).id();
    for (String forged : List.of(ExpressSessionCookie.cookieValue(id, "not the secret"), id, "s%3A" + id)) {
      c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", name + "=" + forged))), "the forged cookie " + forged);
    }
  }

  static void keygripPairLoads(CheckContext c, String profile) {
    String name = ConformanceProfiles.cookieName(profile);
    Reply set = c.get(profile, route("set", "user", "alice"));
    SetCookieHeader value = only(c, set, name);
    SetCookieHeader sig = only(c, set, name + ".sig");
    c.expectEquals(Keygrip.sign(name + "=" + value.value(), "a"), sig.value(), "the .sig cookie: keygrip of name=value with key 'a'");
    String json = new String(Base64.getDecoder().decode(value.value()), StandardCharsets.UTF_8);
    c.expect(json.startsWith("{\"user\":\"alice\""), "the cookie holds the session as base64 JSON: " + json);
    c.expectAttributes(c.ok(c.request(profile, "view", Map.of("Cookie", pair(name, value.value(), sig.value())))),
        Map.of("user", "alice"), "both cookies sent back");
  }

  static void keygripRotationAndForgeries(CheckContext c, String profile) {
    String name = ConformanceProfiles.cookieName(profile);
    SetCookieHeader value = only(c, c.get(profile, route("set", "user", "alice")), name);
    String byOldKey = Keygrip.sign(name + "=" + value.value(), "b");
    Reply read = c.request(profile, "view", Map.of("Cookie", pair(name, value.value(), byOldKey)));
    c.expectAttributes(c.ok(read), Map.of("user", "alice"), "a payload signed with the older key 'b'");
    SetCookieHeader resigned = only(c, read, name + ".sig");
    c.expectEquals(Keygrip.sign(name + "=" + only(c, read, name).value(), "a"), resigned.value(),
        "the re-sent .sig, signed with the first key 'a'");
    c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", pair(name, value.value(), "forged")))), "a forged .sig");
    c.expectFresh(c.ok(c.request(profile, "view", Map.of("Cookie", name + "=" + value.value()))), "no .sig at all");
  }

  private static String pair(String name, String value, String sig) {
    return name + "=" + value + "; " + name + ".sig=" + sig;
  }

  private static SetCookieHeader only(CheckContext c, Reply r, String name) {
    List<SetCookieHeader> cookies = r.setCookies(name);
    if (cookies.size() != 1) {
      throw c.fail("expected exactly one Set-Cookie for " + name + ", got " + cookies.size(), r);
    }
    return cookies.get(0);
  }
}
