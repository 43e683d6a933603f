package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.testing.TestExchange;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One secret, one cookie name, different uses: a store-mode id token is never a cookie-mode
 * session and the reverse, and two applications with different {@code keyContext}s never accept
 * each other's cookies — in either mode.
 */
class KeySeparationTest {
  static final String KEY = "separation-test-key-0123456789abcdef";

  static SessionManager manager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY)).build());
  }

  static String cookieOf(SessionManager m) {
    TestExchange ex = new TestExchange();
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("user", "ada");
    m.commit(ex, s).toCompletableFuture().join();
    return ex.sessionCookie("sid");
  }

  static boolean accepts(SessionManager m, String cookie) {
    return !m.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join().isNew();
  }

  @Test
  void idTokensAndCookieModeValuesAreNotInterchangeable() {
    SessionManager store = manager(b -> b);
    SessionManager signedCookies = manager(b -> b.mode(SessionMode.COOKIE).cookieProtection(CookieProtection.SIGNED));
    String idCookie = cookieOf(store);
    String sessionCookie = cookieOf(signedCookies);
    assertThat(accepts(store, idCookie)).isTrue();
    assertThat(accepts(signedCookies, sessionCookie)).isTrue();
    assertThat(accepts(signedCookies, idCookie)).isFalse();
    assertThat(accepts(store, sessionCookie)).isFalse();
  }

  @Test
  void applicationsWithDifferentContextsRejectEachOthersCookies() {
    io.sessions4j.core.store.memory.MemoryStore shared = io.sessions4j.core.store.memory.MemoryStore.builder().build();
    java.util.List<UnaryOperator<SessionConfig.Builder>> modes = java.util.List.of(
        b -> b.store(shared), b -> b.mode(SessionMode.COOKIE),
        b -> b.mode(SessionMode.COOKIE).cookieProtection(CookieProtection.SIGNED));
    for (UnaryOperator<SessionConfig.Builder> mode : modes) {
      SessionManager shop = manager(b -> mode.apply(b).keyContext("shop"));
      SessionManager admin = manager(b -> mode.apply(b).keyContext("admin"));
      SessionManager none = manager(mode);
      String shopCookie = cookieOf(shop);
      assertThat(accepts(shop, shopCookie)).isTrue();
      assertThat(accepts(admin, shopCookie)).isFalse();
      assertThat(accepts(none, shopCookie)).isFalse();
      assertThat(accepts(shop, cookieOf(none))).isFalse();
    }
  }
}
