package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The session's clocks as pure functions: window, deadline, cookie expiry, lazy touch, renew. */
class ExpiryPolicyTest {
  static final Instant CREATED = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant NOW = CREATED.plus(Duration.ofHours(1));

  static ExpiryPolicy policy(java.util.function.UnaryOperator<SessionConfig.Builder> options) {
    return new ExpiryPolicy(options.apply(SessionConfig.builder()
        .store(MemoryStore.builder().promptExpiry(false).build())).build());
  }

  @Test
  void theWindowIsTheIdleTimeoutElseTheMaxAgeElseTheDefaultLifetime() {
    assertThat(policy(b -> b.idleTimeout(Duration.ofMinutes(30))).window(Duration.ofHours(2)))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(policy(b -> b).window(Duration.ofHours(2))).isEqualTo(Duration.ofHours(2));
    assertThat(policy(b -> b.defaultLifetime(Duration.ofHours(5))).window(null)).isEqualTo(Duration.ofHours(5));
  }

  @Test
  void theAbsoluteTimeoutCapsTheDeadlineAndTheCookie() {
    ExpiryPolicy p = policy(b -> b.absoluteTimeout(Duration.ofHours(8)));
    assertThat(p.expiry(CREATED, Duration.ofHours(24), NOW)).isEqualTo(CREATED.plus(Duration.ofHours(8)));
    assertThat(p.cookieExpiry(CREATED, Duration.ofHours(24), NOW)).isEqualTo(CREATED.plus(Duration.ofHours(8)));
    assertThat(p.expiry(CREATED, Duration.ofHours(2), NOW)).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(p.pastAbsoluteDeadline(CREATED, CREATED.plus(Duration.ofHours(8)))).isTrue();
    assertThat(p.pastAbsoluteDeadline(CREATED, CREATED.plus(Duration.ofHours(8)).minusMillis(1))).isFalse();
    assertThat(policy(b -> b).pastAbsoluteDeadline(CREATED, Instant.MAX)).isFalse();
  }

  @Test
  void aBrowserSessionCookieHasNoExpiry() {
    assertThat(policy(b -> b).cookieExpiry(CREATED, null, NOW)).isNull();
  }

  @Test
  void deadlinesBeyondYear9999AreClamped() {
    ExpiryPolicy p = policy(b -> b);
    assertThat(p.expiry(CREATED, Duration.ofDays(10_000_000L), NOW)).isEqualTo(ExpiryPolicy.LATEST);
    assertThat(ExpiryPolicy.plus(Instant.MAX, Duration.ofSeconds(1))).isEqualTo(ExpiryPolicy.LATEST);
  }

  @Test
  void aTouchIsDueOnceTouchAfterOfTheWindowPassed() {
    ExpiryPolicy p = policy(b -> b.touchAfter(0.25));
    Duration day = Duration.ofHours(24);
    assertThat(p.touchDue(NOW.minus(Duration.ofHours(6)).plusMillis(1), day, NOW)).isFalse();
    assertThat(p.touchDue(NOW.minus(Duration.ofHours(6)), day, NOW)).isTrue();
    assertThat(p.idleSlideDue(NOW.minus(Duration.ofHours(7)), day, NOW)).as("no idle timeout").isFalse();
    assertThat(policy(b -> b.touchAfter(0)).touchDue(NOW, day, NOW)).isTrue();
  }

  @Test
  void renewIsDueWithLessThanHalfTheMaxAgeLeftOnTheCookie() {
    ExpiryPolicy p = policy(b -> b.renew(true));
    Duration day = Duration.ofHours(24);
    long halfLeft = NOW.plus(Duration.ofHours(12)).toEpochMilli();
    assertThat(p.renewDue(day, false, halfLeft, NOW)).isFalse();
    assertThat(p.renewDue(day, false, halfLeft - 1, NOW)).isTrue();
    assertThat(p.renewDue(day, true, halfLeft - 1, NOW)).as("a new session").isFalse();
    assertThat(p.renewDue(null, false, halfLeft - 1, NOW)).as("a browser-session cookie").isFalse();
    assertThat(p.renewDue(day, false, -1, NOW)).as("cookie expiry unknown").isFalse();
    assertThat(policy(b -> b).renewDue(day, false, halfLeft - 1, NOW)).as("renew off").isFalse();
  }
}
