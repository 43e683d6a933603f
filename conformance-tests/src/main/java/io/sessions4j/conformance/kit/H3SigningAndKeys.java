package io.sessions4j.conformance.kit;

import static io.sessions4j.conformance.kit.CheckContext.route;
import static io.sessions4j.conformance.kit.Checks.http;
import static io.sessions4j.conformance.kit.Checks.inProcess;

import io.sessions4j.conformance.client.Reply;
import io.sessions4j.conformance.client.SessionJson;
import io.sessions4j.core.CookieProtection;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.codec.CookieSealer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * H3. Signing, encryption and keys. Cookies are forged with the core's {@link CookieSealer} and
 * the protocol's fixed test keys, starting from a payload the server itself sealed, so the checks
 * need no knowledge of the payload format.
 */
final class H3SigningAndKeys {

  private static final String MARKER = "conformance-secret-marker";

  private H3SigningAndKeys() {}

  static List<Check> checks() {
    return List.of(
        http("H3.1a", "cookie-signed: the cookie is signed with the first key, and it loads",
            H3SigningAndKeys::signedWithFirstKeyLoads),
        http("H3.1b", "cookie-signed: a value with any flipped bit gives a fresh session, never an error",
            c -> bitFlipsStartFresh(c, "cookie-signed")),
        http("H3.1c", "cookie-signed: a value without its signature gives a fresh session",
            H3SigningAndKeys::missingSignatureStartsFresh),
        http("H3.1d", "cookie-signed: a payload signed with an unknown key gives a fresh session",
            H3SigningAndKeys::unknownKeyStartsFresh),
        http("H3.1e", "cookie-signed: a value sealed for another cookie name gives a fresh session",
            H3SigningAndKeys::otherCookieNameStartsFresh),
        http("H3.1f", "store: a tampered id cookie never loads the session, and gives a fresh one",
            H3SigningAndKeys::tamperedIdCookieStartsFresh),
        http("H3.2a", "cookie-old → cookie-rotated: a cookie signed with an older key is accepted",
            H3SigningAndKeys::olderKeyAccepted),
        http("H3.2b", "cookie-rotated: a written cookie is signed with the first key, which cookie-old no longer reads",
            H3SigningAndKeys::writtenWithFirstKey),
        http("H3.2c", "store-old → store-rotated → store: an id cookie signed with an older key is re-sent "
            + "signed with the first key on its first use, and that cookie works where only the first key is known",
            H3SigningAndKeys::storeModeIdResignedWithFirstKey),
        http("H3.3a", "cookie: the encrypted payload is unreadable without the key",
            H3SigningAndKeys::encryptedPayloadUnreadable),
        http("H3.3b", "cookie: any bit flip of an encrypted cookie is rejected with a fresh session",
            c -> bitFlipsStartFresh(c, "cookie")),
        http("H3.3c", "cookie-encrypted-rotated: rotation works for encryption (older key read, first key written)",
            H3SigningAndKeys::encryptedRotation),
        http("H3.4a", "store, cookie, cookie-signed: garbage cookie values give a fresh session, never a 5xx",
            H3SigningAndKeys::garbageCookiesStartFresh),
        http("H3.4b", "cookie-signed, cookie: correctly sealed bytes that are not a session give a fresh session",
            H3SigningAndKeys::sealedNonSessionsStartFresh),
        http("H3.4c", "store, cookie, cookie-signed: values with ';', quotes and non-ASCII text round-trip",
            H3SigningAndKeys::awkwardValuesRoundTrip),
        inProcess("H3.5", "cookie mode without keys fails at construction with a message naming 'keys'",
            H3SigningAndKeys::cookieModeRequiresKeys));
  }

  static void signedWithFirstKeyLoads(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie-signed", route("set", "a", "1")));
    CookieSealer.Opened opened = Forgery.signedNew().open(CheckContext.SID, sid);
    c.expect(opened != null, "the cookie verifies with the first test key (CookieSealer.signed, key 'new'): " + sid);
    c.expect(!opened.sealedWithOlderKey(), "the cookie is signed with the first key");
    c.expectAttributes(c.ok(c.get("cookie-signed", "view", sid)), Map.of("a", "1"), "the signed cookie sent back");
  }

  static void bitFlipsStartFresh(CheckContext c, String profile) {
    String sid = c.issuedCookie(c.get(profile, route("set", "a", "1")));
    for (int index : Forgery.flipPositions(sid, 9)) {
      String tampered = Forgery.flip(sid, index);
      c.expectFresh(c.ok(c.get(profile, "view", tampered)),
          profile + ": the cookie with character " + index + " of " + sid.length() + " flipped");
    }
  }

  static void missingSignatureStartsFresh(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie-signed", route("set", "a", "1")));
    c.expectFresh(c.ok(c.get("cookie-signed", "view", Forgery.withoutSignature(sid))), "the value without its signature");
    c.expectFresh(c.ok(c.get("cookie-signed", "view", Forgery.withoutSignature(sid) + ".")), "the value with an empty signature");
  }

  static void unknownKeyStartsFresh(CheckContext c) {
    byte[] payload = serverPayload(c, "cookie-signed", Forgery.signedNew());
    String forged = Forgery.signed(Forgery.UNKNOWN_KEY).seal(CheckContext.SID, payload);
    c.expectFresh(c.ok(c.get("cookie-signed", "view", forged)), "the server's own payload signed with an unknown key");
  }

  static void otherCookieNameStartsFresh(CheckContext c) {
    byte[] payload = serverPayload(c, "cookie-signed", Forgery.signedNew());
    String moved = Forgery.signedNew().seal("other", payload);
    c.expectFresh(c.ok(c.get("cookie-signed", "view", moved)), "a value signed with the right key for cookie 'other'");
  }

  static void tamperedIdCookieStartsFresh(CheckContext c) {
    Reply set = c.get("store", route("set", "a", "1"));
    SessionJson created = c.ok(set);
    String sid = c.issuedCookie(set);
    for (int index : Forgery.flipPositions(sid, 5)) {
      SessionJson s = c.ok(c.get("store", "view", Forgery.flip(sid, index)));
      c.expectFresh(s, "the id cookie with character " + index + " flipped");
      c.expect(!created.id().equals(s.id()), "the id cookie with character " + index + " flipped loaded the original id");
    }
  }

  static void olderKeyAccepted(CheckContext c) {
    String old = c.issuedCookie(c.get("cookie-old", route("set", "a", "1")));
    c.expect(Forgery.signedOld().open(CheckContext.SID, old) != null, "cookie-old signs with the old test key: " + old);
    c.expect(Forgery.signedNew().open(CheckContext.SID, old) == null, "cookie-old's cookie must not verify with the new key");
    Reply read = c.get("cookie-rotated", "view", old);
    SessionJson s = c.ok(read);
    c.expectEquals(false, s.isNew(), "new, for a cookie signed with an older key");
    c.expectAttributes(s, Map.of("a", "1"), "a cookie signed with an older key");
    if (!read.setCookies(CheckContext.SID).isEmpty()) {
      String reissued = c.issuedCookie(read);
      CookieSealer.Opened opened = Forgery.signedNew().open(CheckContext.SID, reissued);
      c.expect(opened != null && !opened.sealedWithOlderKey(), "a re-issued cookie is signed with the first key");
    }
  }

  static void storeModeIdResignedWithFirstKey(CheckContext c) {
    Reply set = c.get("store-old", route("set", "a", "1"));
    SessionJson created = c.ok(set);
    String old = c.issuedCookie(set);
    c.expectFresh(c.ok(c.get("store", "view", old)), "store (first key only) given store-old's id cookie");
    Reply read = c.get("store-rotated", "view", old);
    SessionJson s = c.ok(read);
    c.expectEquals(false, s.isNew(), "new, for an id cookie signed with an older key");
    c.expectAttributes(s, Map.of("a", "1"), "an id cookie signed with an older key");
    c.expect(!read.setCookies(CheckContext.SID).isEmpty(),
        "store-rotated must re-send an id cookie signed with an older key on a request that only read it");
    String resigned = c.issuedCookie(read);
    c.expect(!resigned.equals(old), "the re-sent id cookie must differ from the one signed with the older key");
    SessionJson onFirstKey = c.ok(c.get("store", "view", resigned));
    c.expectEquals(false, onFirstKey.isNew(), "new, on store (first key only) with the re-sent id cookie");
    c.expectEquals(created.id(), onFirstKey.id(), "the session id behind the re-sent cookie");
    c.expectAttributes(onFirstKey, Map.of("a", "1"), "store (first key only) with the re-sent id cookie");
    Reply again = c.get("store-rotated", "view", resigned);
    c.ok(again);
    c.expect(again.setCookies(CheckContext.SID).isEmpty(), "a cookie signed with the first key is not re-sent when nothing changed");
  }

  static void writtenWithFirstKey(CheckContext c) {
    String old = c.issuedCookie(c.get("cookie-old", route("set", "a", "1")));
    Reply changed = c.get("cookie-rotated", route("set", "b", "2"), old);
    c.ok(changed);
    String rewritten = c.issuedCookie(changed);
    CookieSealer.Opened opened = Forgery.signedNew().open(CheckContext.SID, rewritten);
    c.expect(opened != null && !opened.sealedWithOlderKey(), "the written cookie is signed with the first key: " + rewritten);
    c.expectFresh(c.ok(c.get("cookie-old", "view", rewritten)), "cookie-old (old key only) given the rewritten cookie");
    c.expectAttributes(c.ok(c.get("cookie-rotated", "view", rewritten)), Map.of("a", "1", "b", "2"),
        "cookie-rotated given the rewritten cookie");
  }

  static void encryptedPayloadUnreadable(CheckContext c) {
    String sid = c.issuedCookie(c.get("cookie", route("set", "secret", MARKER)));
    byte[] payload = open(c, "cookie", Forgery.encryptedNew(), sid);
    c.expect(new String(payload, StandardCharsets.UTF_8).contains(MARKER),
        "with the key, the kit finds the attribute in the payload (so the check below means something)");
    c.expect(!sid.contains(MARKER), "the cookie shows the attribute in clear text: " + sid);
    for (String run : sid.split("[^A-Za-z0-9_+/=-]+")) {
      String decoded = decodeBase64(run);
      c.expect(decoded == null || !decoded.contains(MARKER),
          "the attribute is readable by base64-decoding part of the cookie: " + run);
    }
  }

  static void encryptedRotation(CheckContext c) {
    byte[] payload = serverPayload(c, "cookie", Forgery.encryptedNew());
    String oldSealed = Forgery.encryptedOld().seal(CheckContext.SID, payload);
    c.expectFresh(c.ok(c.get("cookie", "view", oldSealed)), "cookie (first key only) given a cookie encrypted with the old key");
    c.expectAttributes(c.ok(c.get("cookie-encrypted-rotated", "view", oldSealed)), Map.of("a", "1"),
        "cookie-encrypted-rotated given a cookie encrypted with the old key");
    Reply changed = c.get("cookie-encrypted-rotated", route("set", "b", "2"), oldSealed);
    c.ok(changed);
    String rewritten = c.issuedCookie(changed);
    CookieSealer.Opened opened = Forgery.encryptedNew().open(CheckContext.SID, rewritten);
    c.expect(opened != null && !opened.sealedWithOlderKey(), "the written cookie is encrypted with the first key");
    c.expectAttributes(c.ok(c.get("cookie", "view", rewritten)), Map.of("a", "1", "b", "2"),
        "cookie (first key only) given the rewritten cookie");
  }

  static void garbageCookiesStartFresh(CheckContext c) {
    List<String> values = List.of("", "%%%not-base64%%%", "!!!!", "\"quoted\"", "a.b.c.d", "v1..", "....",
        "AAAA", "x".repeat(3000), "null", "{}", "s:abc.def");
    for (String profile : List.of("store", "cookie", "cookie-signed")) {
      for (String value : values) {
        c.expectFresh(c.ok(c.get(profile, "view", value)), profile + ": Cookie sid=" + Reply.shorten(value, 40));
      }
      Reply duplicated = c.request(profile, "view", Map.of("Cookie", "sid=garbage; sid=%%%; sid="));
      c.expectFresh(c.ok(duplicated), profile + ": three garbage sid cookies in one header");
    }
  }

  static void sealedNonSessionsStartFresh(CheckContext c) {
    List<byte[]> payloads = List.of(
        "not json".getBytes(StandardCharsets.UTF_8),
        "[1,2,3]".getBytes(StandardCharsets.UTF_8),
        "null".getBytes(StandardCharsets.UTF_8),
        "{\"v\":99,\"a\":{}}".getBytes(StandardCharsets.UTF_8),
        "{\"v\":1,\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        "{\"v\":1,\"a\":{},\"e\":\"tomorrow\"}".getBytes(StandardCharsets.UTF_8),
        new byte[0],
        new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80});
    for (byte[] payload : payloads) {
      String shown = new String(payload, StandardCharsets.UTF_8);
      c.expectFresh(c.ok(c.get("cookie-signed", "view", Forgery.signedNew().seal(CheckContext.SID, payload))),
          "cookie-signed: a correctly signed payload '" + shown + "'");
      c.expectFresh(c.ok(c.get("cookie", "view", Forgery.encryptedNew().seal(CheckContext.SID, payload))),
          "cookie: a correctly encrypted payload '" + shown + "'");
    }
  }

  static void awkwardValuesRoundTrip(CheckContext c) {
    List<String> values = List.of("a;b=c, d", "héllo wörld ✓ 中文 😀", "\"quoted\" \\ back\\slash", "line\nbreak\ttab",
        "%3B%20not-decoded-twice");
    for (String profile : List.of("store", "cookie", "cookie-signed")) {
      for (String value : values) {
        Reply set = c.get(profile, route("set", "k", value));
        c.expectEquals(value, c.ok(set).attribute("k"), profile + ": the value as the server received it");
        SessionJson loaded = c.ok(c.get(profile, "view", c.issuedCookie(set)));
        c.expectEquals(value, loaded.attribute("k"), profile + ": the value read back with the cookie");
      }
    }
  }

  static void cookieModeRequiresKeys(CheckContext c) {
    for (CookieProtection protection : CookieProtection.values()) {
      try {
        SessionConfig.builder().mode(SessionMode.COOKIE).cookieProtection(protection).build();
        throw c.fail("a " + protection + " cookie-mode configuration without keys was built", null);
      } catch (IllegalArgumentException e) {
        c.expect(e.getMessage() != null && e.getMessage().contains("keys"),
            protection + ": the error names the option 'keys': " + e.getMessage());
      }
    }
  }

  /** Sets a=1 on {@code profile} and opens the cookie the server wrote with the kit's sealer. */
  private static byte[] serverPayload(CheckContext c, String profile, CookieSealer sealer) {
    return open(c, profile, sealer, c.issuedCookie(c.get(profile, route("set", "a", "1"))));
  }

  /** Opens a cookie the server wrote with the kit's sealer; the check fails when it does not open. */
  private static byte[] open(CheckContext c, String profile, CookieSealer sealer, String sid) {
    CookieSealer.Opened opened = sealer.open(CheckContext.SID, sid);
    if (opened == null) {
      throw c.fail(profile + "'s cookie does not open with the first test key: " + sid);
    }
    return opened.payload();
  }

  private static String decodeBase64(String run) {
    String trimmed = run.replace("=", "");
    if (trimmed.length() % 4 == 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    String url = trimmed.replace('+', '-').replace('/', '_');
    try {
      return new String(Base64.getUrlDecoder().decode(url), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
