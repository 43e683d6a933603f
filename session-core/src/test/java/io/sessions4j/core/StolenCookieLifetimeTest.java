package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How long a cookie-mode cookie, once stolen, stays usable: bounded by a default absolute lifetime
 * even under {@code rolling}, and by the <em>current</em> idle timeout and max age, so shortening
 * them takes effect on cookies issued before.
 */
class StolenCookieLifetimeTest {
  static final String KEY = "stolen-cookie-test-key-0123456789abcdef";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  SessionManager cookieMode(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).clock(clock)).build());
  }

  static String use(SessionManager m, String cookie) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.load(ex).toCompletableFuture().join();
    if (cookie == null) {
      s.put("user", "ada");
    }
    m.commit(ex, s).toCompletableFuture().join();
    String sent = ex.sessionCookie("sid");
    return s.isNew() && cookie != null ? null : sent != null ? sent : cookie;
  }

  @Test
  void aRollingCookieModeCookieStopsWorkingAfterTheDefaultAbsoluteLifetime() {
    SessionManager m = cookieMode(b -> b.rolling(true).maxAge(Duration.ofHours(1)));
    assertThat(m.config().absoluteTimeout()).isEqualTo(SessionConfig.COOKIE_MODE_ABSOLUTE_TIMEOUT);
    String cookie = use(m, null);
    Instant created = clock.instant();
    // used every 30 minutes, as a thief replaying it would: each response re-seals it with a later expiry
    while (clock.instant().isBefore(created.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(30)))) {
      clock.advance(Duration.ofMinutes(30));
      cookie = use(m, cookie);
      assertThat(cookie).as("still usable at %s", clock.instant()).isNotNull();
    }
    clock.advance(Duration.ofMinutes(30));
    assertThat(use(m, cookie)).as("after 7 days").isNull();
  }

  @Test
  void noLimitOnlyWhenAskedFor() {
    assertThat(cookieMode(b -> b.absoluteTimeout(null)).config().absoluteTimeout()).isNull();
    assertThat(SessionConfig.builder().build().absoluteTimeout()).as("store mode").isNull();
    assertThat(SessionProperties.toBuilder(java.util.Map.of("mode", "cookie", "keys", KEY, "absoluteTimeout", "none"))
        .build().absoluteTimeout()).isNull();
    assertThatThrownBy(() -> cookieMode(b -> b.idleTimeout(Duration.ofDays(30))))
        .hasMessageContaining("default absoluteTimeout").hasMessageContaining("set absoluteTimeout");
  }

  @Test
  void shorteningIdleTimeoutTakesEffectOnCookiesIssuedBefore() {
    String cookie = use(cookieMode(b -> b.idleTimeout(Duration.ofHours(8))), null);
    clock.advance(Duration.ofHours(2));
    assertThat(use(cookieMode(b -> b.idleTimeout(Duration.ofHours(8))), cookie)).isNotNull();
    assertThat(use(cookieMode(b -> b.idleTimeout(Duration.ofHours(1))), cookie)).as("idle timeout cut to 1 h").isNull();
  }

  @Test
  void shorteningMaxAgeTakesEffectOnCookiesIssuedBefore() {
    String cookie = use(cookieMode(b -> b.maxAge(Duration.ofDays(2))), null);
    clock.advance(Duration.ofHours(2));
    assertThat(use(cookieMode(b -> b.maxAge(Duration.ofDays(2))), cookie)).isNotNull();
    assertThat(use(cookieMode(b -> b.maxAge(Duration.ofHours(1))), cookie)).as("max age cut to 1 h").isNull();
  }
}
