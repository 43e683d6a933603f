package io.sessions4j.core;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The engine remembers id tokens whose MAC it verified: only the exact token is ever accepted
 * from that memory, and what it remembers never outlives the session it names.
 */
class VerifiedIdCacheTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());
  final SessionManager manager = SessionManager.create(
      SessionConfig.builder().keys(StoreModeEngineTest.KEY).store(store).clock(clock).build());

  String newSessionCookie() {
    return StoreModeEngineTest.request(manager, null, s -> s.put("user", "ada")).sessionCookie("sid");
  }

  Session load(String cookie) {
    return StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie));
  }

  @Test
  void everyOneCharacterChangeOfARememberedTokenIsRefusedWithoutAStoreLookup() {
    String cookie = newSessionCookie();
    assertThat(load(cookie).get("user")).isEqualTo("ada"); // verified, and now remembered
    String value = cookie.substring("sid=".length());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < value.length(); i++) {
      char replacement = alphabet.charAt((alphabet.indexOf(value.charAt(i)) + 1) % alphabet.length());
      if (value.charAt(i) == '.') {
        replacement = 'A';
      }
      String forged = value.substring(0, i) + replacement + value.substring(i + 1);
      int lookups = store.calls(GET);
      Session s = load("sid=" + forged);
      assertThat(s.isNew()).as("changed at %d", i).isTrue();
      assertThat(store.calls(GET)).as("no store lookup for a token changed at %d", i).isEqualTo(lookups);
    }
    assertThat(load("sid=" + value + "A").isNew()).isTrue();
    assertThat(load("sid=" + value.substring(0, value.length() - 1)).isNew()).isTrue();
    assertThat(load(cookie).get("user")).isEqualTo("ada");
  }

  @Test
  void aForgedTokenThatHashesLikeARememberedOneIsStillRefused() {
    String cookie = newSessionCookie();
    assertThat(load(cookie).isNew()).isFalse();
    String value = cookie.substring("sid=".length());
    // +1 on one character and -31 on the next keeps String.hashCode, so the forgery lands in the
    // remembered token's slot and only the comparison can refuse it
    for (int i = 0; i + 1 < value.length(); i++) {
      char[] c = value.toCharArray();
      c[i] += 1;
      c[i + 1] -= 31;
      String forged = new String(c);
      assertThat(forged.hashCode()).isEqualTo(value.hashCode());
      int lookups = store.calls(GET);
      assertThat(load("sid=" + forged).isNew()).as("changed at %d", i).isTrue();
      assertThat(store.calls(GET)).isEqualTo(lookups);
    }
  }

  @Test
  void aRememberedTokenOfADestroyedSessionGivesAFreshSession() {
    String cookie = newSessionCookie();
    assertThat(load(cookie).isNew()).isFalse();
    StoreModeEngineTest.request(manager, cookie, Session::destroy);
    Session after = load(cookie);
    assertThat(after.isNew()).isTrue();
    assertThat(after.get("user")).isNull();
  }

  @Test
  void anotherEngineWithAnotherKeyDoesNotAcceptTheToken() {
    String cookie = newSessionCookie();
    assertThat(load(cookie).isNew()).isFalse();
    SessionManager other = SessionManager.create(SessionConfig.builder()
        .keys("another-engine-key-0123456789abcdef-xyz").store(store).clock(clock).build());
    assertThat(StoreModeEngineTest.load(other, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void aResentCookieIsTheTokenTheClientSentAndAnOlderKeysTokenIsReissuedUnderTheCurrentKey() {
    String cookie = newSessionCookie();
    TestExchange changed = StoreModeEngineTest.request(manager, cookie, s -> s.put("n", 1));
    assertThat(changed.sessionCookie("sid")).isEqualTo(cookie);

    String newKey = "rotated-in-key-0123456789abcdef-xyz!!";
    SessionManager rotated = SessionManager.create(SessionConfig.builder()
        .keys(newKey, StoreModeEngineTest.KEY).store(store).clock(clock).build());
    TestExchange first = StoreModeEngineTest.request(rotated, cookie, s -> s.put("n", 2));
    String reissued = first.sessionCookie("sid");
    assertThat(reissued).isNotNull().isNotEqualTo(cookie);
    TestExchange second = StoreModeEngineTest.request(rotated, cookie, s -> s.put("n", 3));
    assertThat(second.sessionCookie("sid")).isEqualTo(reissued);

    SessionManager newKeyOnly = SessionManager.create(
        SessionConfig.builder().keys(newKey).store(store).clock(clock).build());
    Session s = StoreModeEngineTest.load(newKeyOnly, TestExchange.withCookieHeader(reissued));
    assertThat(s.get("user")).isEqualTo("ada");
    assertThat(s.get("n")).isEqualTo(3);
  }

  @Test
  void sameTokenIsEqualityWhateverTheLengthsAndPositions() {
    assertThat(SealedIdTransport.sameToken("abc", "abc")).isTrue();
    assertThat(SealedIdTransport.sameToken("", "")).isTrue();
    assertThat(SealedIdTransport.sameToken("abc", "abcd")).isFalse();
    assertThat(SealedIdTransport.sameToken("abcd", "abc")).isFalse();
    String t = "s1.kid000.payload.mac";
    for (int i = 0; i < t.length(); i++) {
      String changed = t.substring(0, i) + (char) (t.charAt(i) ^ 1) + t.substring(i + 1);
      assertThat(SealedIdTransport.sameToken(t, changed)).as("differs at %d", i).isFalse();
    }
  }
}
