package io.sessions4j.core;

import io.sessions4j.core.codec.JacksonTypedValuesTest;

import static io.sessions4j.core.StoreModeEngineTest.load;
import static io.sessions4j.core.StoreModeEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's cookie-mode decisions: the whole session sealed in the cookie. */
class CookieModeEngineTest {
  static final String NEW_KEY = "cookie-test-key-new-0123456789abcdef";
  static final String OLD_KEY = "cookie-test-key-old-0123456789abcdef";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  SessionManager manager(java.util.function.UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(
        SessionConfig.builder().mode(SessionMode.COOKIE).keys(NEW_KEY).clock(clock)).build());
  }

  @Test
  void sessionRoundTripsThroughTheCookieWithNoId() {
    SessionManager m = manager(b -> b);
    TestExchange first = request(m, null, s -> s.put("user", "ada"));
    Session s = load(m, TestExchange.withCookieHeader(first.sessionCookie("sid")));
    assertThat(s.id()).isNull();
    assertThat(s.isNew()).isFalse();
    assertThat(s.get("user")).isEqualTo("ada");
  }

  @Test
  void encryptedCookieDoesNotRevealThePayload() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("secret", "swordfish")).sessionCookie("sid");
    String decoded = new String(java.util.Base64.getUrlDecoder().decode(
        cookie.substring(cookie.lastIndexOf('.') + 1)), StandardCharsets.ISO_8859_1);
    assertThat(cookie + decoded).doesNotContain("swordfish");
  }

  @Test
  void unchangedSessionIsNotResent() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    assertThat(request(m, cookie, s -> s.get("a")).setCookies()).isEmpty();
  }

  @Test
  void changedSessionIsAlwaysResent() {
    SessionManager m = manager(b -> b.maxAge(null));
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, s -> s.put("a", 2));
    assertThat(ex.setCookies()).hasSize(1);
    assertThat(load(m, TestExchange.withCookieHeader(ex.sessionCookie("sid"))).get("a")).isEqualTo(2);
  }

  @Test
  void tamperedCookieStartsFreshSession() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    char last = cookie.charAt(cookie.length() - 1);
    String tampered = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(load(m, TestExchange.withCookieHeader(tampered)).isNew()).isTrue();
  }

  @Test
  void expiryInsideThePayloadIsEnforcedByTheServer() {
    SessionManager m = manager(b -> b.maxAge(Duration.ofSeconds(10)));
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofSeconds(9));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).as("replayed after expiry").isTrue();
  }

  @Test
  void cookieSealedWithAnOlderKeyIsAcceptedAndResealedWithTheNewest() {
    SessionManager old = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE)
        .cookieProtection(CookieProtection.SIGNED).keys(OLD_KEY).clock(clock).build());
    SessionManager rotated = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE)
        .cookieProtection(CookieProtection.SIGNED).keys(NEW_KEY, OLD_KEY).clock(clock).build());
    String oldCookie = request(old, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(rotated, oldCookie, s -> assertThat(s.get("a")).isEqualTo(1));
    String resealed = ex.sessionCookie("sid");
    assertThat(resealed).isNotNull();
    assertThat(load(old, TestExchange.withCookieHeader(resealed)).isNew()).as("old-key-only server").isTrue();
    assertThat(load(rotated, TestExchange.withCookieHeader(resealed)).get("a")).isEqualTo(1);
  }

  @Test
  void cookieSealedWithAnUnknownKeyStartsFresh() {
    SessionManager m = manager(b -> b.cookieProtection(CookieProtection.SIGNED));
    CookieSealer stranger = CookieSealer.signed(KeyRing.fromSecrets(List.of("some-other-key-0123456789abcdef-xyz")), 0);
    String forged = "sid=" + stranger.seal("sid", ("{\"v\":1,\"a\":{\"admin\":true},\"c\":0,\"l\":0,\"e\":"
        + Long.MAX_VALUE + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(load(m, TestExchange.withCookieHeader(forged)).isNew()).isTrue();
  }

  @Test
  void oversizedCookieFailsClearlyByDefault() {
    SessionManager m = manager(b -> b);
    TestExchange ex = new TestExchange();
    Session s = load(m, ex);
    s.put("big", "x".repeat(5000));
    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionTooLargeException.class)
        .hasMessageContaining("maxCookieSize 4096");
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void oversizedCookieCanKeepThePreviousCookieInstead() {
    SessionManager m = manager(b -> b.cookieOverflow(CookieOverflow.KEEP_PREVIOUS));
    TestExchange ex = request(m, null, s -> s.put("big", "x".repeat(5000)));
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void compressionLetsARepetitiveSessionFit() {
    SessionManager m = manager(b -> b.compressAbove(256));
    TestExchange ex = request(m, null, s -> s.put("big", "x".repeat(5000)));
    assertThat(load(m, TestExchange.withCookieHeader(ex.sessionCookie("sid"))).get("big")).isEqualTo("x".repeat(5000));
  }

  @Test
  void destroyClearsTheCookie() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, Session::destroy);
    assertThat(ex.setCookies()).singleElement().asString().startsWith("sid=;").contains("Max-Age=0");
  }

  @Test
  void puttingAfterDestroyStartsANewCookieSession() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange logout = request(m, cookie, s -> {
      s.destroy();
      s.put("flash", "bye");
    });
    assertThat(load(m, TestExchange.withCookieHeader(logout.sessionCookie("sid"))).attributes()).isEqualTo(Map.of("flash", "bye"));
  }

  @Test
  void emptiedSessionClearsTheCookie() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, s -> s.remove("a"));
    assertThat(ex.setCookies()).singleElement().asString().contains("Max-Age=0");
  }

  @Test
  void regenerateDropsTheDataTheClientHolds() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, Session::regenerate);
    assertThat(ex.setCookies()).singleElement().asString().contains("Max-Age=0");
  }

  @Test
  void regenerateWithNewDataReplacesTheCookie() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, s -> {
      s.regenerate();
      s.put("b", 2);
    });
    assertThat(load(m, TestExchange.withCookieHeader(ex.sessionCookie("sid"))).attributes()).isEqualTo(Map.of("b", 2));
  }

  @Test
  void renewReissuesOnlyWhenLessThanHalfTheMaxAgeIsLeft() {
    SessionManager m = manager(b -> b.maxAge(Duration.ofSeconds(4)).renew(true));
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofMillis(1500));
    assertThat(request(m, cookie, s -> {}).setCookies()).isEmpty();
    clock.advance(Duration.ofMillis(1000));
    TestExchange renewed = request(m, cookie, s -> {});
    assertThat(renewed.setCookies()).singleElement().asString().contains("Max-Age=4");
    clock.advance(Duration.ofMillis(3000));
    assertThat(load(m, TestExchange.withCookieHeader(renewed.sessionCookie("sid"))).get("a")).isEqualTo(1);
  }

  @Test
  void idleTimeoutInCookieModeIsEnforcedFromThePayload() {
    SessionManager m = manager(b -> b.idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(5)));
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofMillis(1500));
    TestExchange slid = request(m, cookie, s -> {});
    assertThat(slid.setCookies()).as("idle window slides by re-issuing").hasSize(1);
    clock.advance(Duration.ofMillis(1500));
    assertThat(load(m, TestExchange.withCookieHeader(slid.sessionCookie("sid"))).isNew()).isFalse();
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).as("the older cookie has idled out").isTrue();
  }

  @Test
  void duplicatedAndGarbageCookiesNeverFailTheRequest() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = TestExchange.withCookieHeader("sid=%%%garbage; sid=\"\u00e9\u0000;;\"; " + cookie);
    Session s = load(m, ex);
    assertThat(s).isNotNull();
    assertThat(Map.of("a", 1)).isEqualTo(s.attributes());
  }

  @Test
  void frameworkObjectRoundTripsThroughTheCookie() {
    SessionManager m = manager(b -> b.jacksonModule(JacksonTypedValuesTest.frameworkModule())
        .allowJacksonType(JacksonTypedValuesTest.Inner.class));
    String cookie = request(m, null, s -> s.put("context",
        new JacksonTypedValuesTest.Holder(new JacksonTypedValuesTest.Inner("ada")))).sessionCookie("sid");
    Session s = load(m, TestExchange.withCookieHeader(cookie));
    assertThat(((JacksonTypedValuesTest.Holder) s.get("context")).inner)
        .isInstanceOf(JacksonTypedValuesTest.Inner.class);
  }
}
