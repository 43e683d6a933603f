package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.CommitPlan.Facts;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "What the engine decides" table, row by row: what committing a session does to the
 * store and to the cookie, as a pure function of the session's state, the configuration and the
 * time ({@link CommitPlanner}). Each row starts from a session loaded a minute ago, unchanged,
 * with the default 24 h max age, whose cookie has 24 h left.
 */
class CommitPlanTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  /** The planner never calls the store; store mode only needs one configured. */
  static final SessionStore STORE = MemoryStore.builder().promptExpiry(false).build();

  /** A session's state, built from a loaded, unchanged one. */
  static final class State {
    boolean destroyed;
    boolean keepsUnset;
    boolean clientSentId = true;
    boolean isNew;
    boolean inStore = true;
    boolean retiresIds;
    boolean populated = true;
    boolean attributesChanged;
    boolean maxAgeChanged;
    boolean touchRequested;
    boolean explicitSave;
    boolean sealedWithOlderKey;
    boolean holdsCookie = true;
    Instant lastAccessedAt = NOW.minus(Duration.ofMinutes(1));
    Duration maxAge = Duration.ofHours(24);
    long cookieExpiresAt = NOW.plus(Duration.ofHours(24)).toEpochMilli();

    Facts facts() {
      return new Facts(destroyed, keepsUnset, clientSentId, isNew, inStore, retiresIds, populated,
          attributesChanged, maxAgeChanged, touchRequested, explicitSave, sealedWithOlderKey, holdsCookie,
          lastAccessedAt, maxAge, cookieExpiresAt);
    }
  }

  /** A new session of a request that sent no cookie. */
  static State fresh(State s) {
    s.isNew = true;
    s.inStore = false;
    s.populated = false;
    s.clientSentId = false;
    s.holdsCookie = false;
    s.lastAccessedAt = NOW;
    s.cookieExpiresAt = -1;
    return s;
  }

  static Arguments row(String situation, UnaryOperator<SessionConfig.Builder> config,
      Consumer<State> state, String store, String cookie) {
    return Arguments.of(situation, config, state, store, cookie);
  }

  static UnaryOperator<SessionConfig.Builder> defaults() {
    return b -> b;
  }

  /** What the plan does in the end: the store step, and the cookie once the store step succeeded. */
  static String[] outcome(CommitPlan plan, Facts facts) {
    String cookie = plan.cookie() == CommitPlan.Cookie.CLEAR ? "CLEAR"
        : plan.sendsCookie(true, facts.maxAge() != null, facts.maxAgeChanged()) ? "SEND" : "NONE";
    return new String[] {plan.store().name(), cookie};
  }

  static Stream<Arguments> storeMode() {
    return Stream.of(
        row("new session, nothing stored", defaults(), s -> fresh(s), "NOTHING", "NONE"),
        row("new session, saveUninitialized", b -> b.saveUninitialized(true), s -> fresh(s), "INSERT", "SEND"),
        row("new session, save()", defaults(), s -> fresh(s).explicitSave = true, "INSERT", "SEND"),
        row("new session with data", defaults(), s -> {
          fresh(s).populated = true;
          s.attributesChanged = true;
        }, "INSERT", "SEND"),
        row("loaded, unchanged", defaults(), s -> { }, "NOTHING", "NONE"),
        row("loaded, unchanged, touchAfter of the window passed", defaults(),
            s -> s.lastAccessedAt = NOW.minus(Duration.ofHours(3)), "TOUCH", "NONE"),
        row("loaded, unchanged, touch()", defaults(), s -> s.touchRequested = true, "TOUCH", "NONE"),
        row("loaded, unchanged, rolling", b -> b.rolling(true), s -> { }, "NOTHING", "SEND"),
        row("loaded, unchanged, rolling, touch due", b -> b.rolling(true),
            s -> s.lastAccessedAt = NOW.minus(Duration.ofHours(3)), "TOUCH", "SEND"),
        row("loaded, unchanged, renew, more than half the max age left", b -> b.renew(true), s -> { },
            "NOTHING", "NONE"),
        row("loaded, unchanged, renew, less than half the max age left", b -> b.renew(true),
            s -> s.cookieExpiresAt = NOW.plus(Duration.ofHours(11)).toEpochMilli(), "PATCH", "SEND"),
        row("loaded, changed", defaults(), s -> s.attributesChanged = true, "PATCH", "SEND"),
        row("loaded, changed, browser-session cookie", defaults(), s -> {
          s.attributesChanged = true;
          s.maxAge = null;
        }, "PATCH", "NONE"),
        row("loaded, max age changed", defaults(), s -> s.maxAgeChanged = true, "PATCH", "SEND"),
        row("loaded, unchanged, resave", b -> b.resave(true), s -> { }, "PATCH", "NONE"),
        row("loaded, unchanged, save()", defaults(), s -> s.explicitSave = true, "PATCH", "NONE"),
        row("loaded, changed, rolling, browser-session cookie", b -> b.rolling(true), s -> {
          s.attributesChanged = true;
          s.maxAge = null;
        }, "PATCH", "SEND"),
        row("changeId (data kept, new id)", defaults(), s -> {
          s.inStore = false;
          s.retiresIds = true;
          s.attributesChanged = true;
        }, "INSERT", "SEND"),
        row("regenerate with data", defaults(), s -> {
          s.isNew = true;
          s.inStore = false;
          s.retiresIds = true;
          s.attributesChanged = true;
        }, "INSERT", "SEND"),
        row("regenerate to nothing", defaults(), s -> {
          s.isNew = true;
          s.inStore = false;
          s.retiresIds = true;
          s.populated = false;
          s.attributesChanged = true;
        }, "NOTHING", "NONE"),
        row("destroy", defaults(), s -> s.destroyed = true, "DELETE", "CLEAR"),
        row("destroy, no cookie was sent", defaults(), s -> {
          s.destroyed = true;
          s.clientSentId = false;
        }, "DELETE", "NONE"),
        row("destroy, id in a header only", b -> b.idCookie(false).idHeader("X-Session-Id"),
            s -> s.destroyed = true, "DELETE", "NONE"),
        row("unset with KEEP", defaults(), s -> {
          s.keepsUnset = true;
          s.attributesChanged = true;
        }, "NOTHING", "NONE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("storeMode")
  void storeModeDecides(String situation, UnaryOperator<SessionConfig.Builder> config,
      Consumer<State> setUp, String store, String cookie) {
    SessionConfig c = config.apply(SessionConfig.builder().store(STORE)).build();
    assertDecides(c, setUp, (planner, facts) -> planner.store(facts, NOW), situation, store, cookie);
  }

  static void assertDecides(SessionConfig config, Consumer<State> setUp,
      BiFunction<CommitPlanner, Facts, CommitPlan> decide, String situation, String store, String cookie) {
    State state = new State();
    setUp.accept(state);
    CommitPlan plan = decide.apply(new CommitPlanner(config, new ExpiryPolicy(config)), state.facts());
    assertThat(outcome(plan, state.facts())).as(situation + " (" + plan.reason() + ")").containsExactly(store, cookie);
  }

  static Stream<Arguments> cookieMode() {
    return Stream.of(
        row("new session, nothing to keep", defaults(), s -> fresh(s), "NOTHING", "NONE"),
        row("new session, saveUninitialized", b -> b.saveUninitialized(true), s -> fresh(s), "NOTHING", "SEND"),
        row("new session with data", defaults(), s -> {
          fresh(s).populated = true;
          s.attributesChanged = true;
        }, "NOTHING", "SEND"),
        row("loaded, unchanged", defaults(), s -> { }, "NOTHING", "NONE"),
        row("loaded, changed", defaults(), s -> s.attributesChanged = true, "NOTHING", "SEND"),
        row("loaded, changed, browser-session cookie", defaults(), s -> {
          s.attributesChanged = true;
          s.maxAge = null;
        }, "NOTHING", "SEND"),
        row("loaded, max age changed", defaults(), s -> s.maxAgeChanged = true, "NOTHING", "SEND"),
        row("loaded, unchanged, rolling", b -> b.rolling(true), s -> { }, "NOTHING", "SEND"),
        row("loaded, sealed with an older key", defaults(), s -> s.sealedWithOlderKey = true, "NOTHING", "SEND"),
        row("loaded, touch()", defaults(), s -> s.touchRequested = true, "NOTHING", "SEND"),
        row("loaded, save()", defaults(), s -> s.explicitSave = true, "NOTHING", "SEND"),
        row("loaded, renew, less than half the max age left", b -> b.renew(true),
            s -> s.cookieExpiresAt = NOW.plus(Duration.ofHours(11)).toEpochMilli(), "NOTHING", "SEND"),
        row("loaded, idle timeout, slide not due yet", b -> b.idleTimeout(Duration.ofMinutes(30)),
            s -> s.lastAccessedAt = NOW.minus(Duration.ofMinutes(2)), "NOTHING", "NONE"),
        row("loaded, idle timeout, slide due", b -> b.idleTimeout(Duration.ofMinutes(30)),
            s -> s.lastAccessedAt = NOW.minus(Duration.ofMinutes(4)), "NOTHING", "SEND"),
        row("loaded, unchanged, touchAfter passed but no idle timeout", defaults(),
            s -> s.lastAccessedAt = NOW.minus(Duration.ofHours(3)), "NOTHING", "NONE"),
        row("emptied", defaults(), s -> {
          s.populated = false;
          s.attributesChanged = true;
        }, "NOTHING", "CLEAR"),
        row("emptied, saveUninitialized", b -> b.saveUninitialized(true), s -> {
          s.populated = false;
          s.attributesChanged = true;
        }, "NOTHING", "SEND"),
        row("destroy", defaults(), s -> s.destroyed = true, "NOTHING", "CLEAR"),
        row("destroy, no cookie was sent", defaults(), s -> {
          fresh(s).destroyed = true;
        }, "NOTHING", "NONE"),
        row("unset with KEEP", defaults(), s -> {
          s.keepsUnset = true;
          s.attributesChanged = true;
        }, "NOTHING", "NONE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cookieMode")
  void cookieModeDecides(String situation, UnaryOperator<SessionConfig.Builder> config,
      Consumer<State> setUp, String store, String cookie) {
    SessionConfig c = config.apply(SessionConfig.builder().mode(SessionMode.COOKIE)
        .keys("commit-plan-test-key-0123456789abcdef")).build();
    assertDecides(c, setUp, (planner, facts) -> planner.cookie(facts, NOW), situation, store, cookie);
  }

  @Test
  void aMaxAgeSetByBeforeSaveMakesAnUnchangedWriteResendTheCookie() {
    SessionConfig c = SessionConfig.builder().resave(true).store(STORE).build();
    CommitPlan plan = new CommitPlanner(c, new ExpiryPolicy(c)).store(new State().facts(), NOW);
    assertThat(plan.store()).isEqualTo(CommitPlan.Store.PATCH);
    assertThat(plan.sendsCookie(true, true, false)).isFalse();
    assertThat(plan.sendsCookie(true, true, true)).as("beforeSave set a max age").isTrue();
    assertThat(plan.sendsCookie(true, false, true)).as("beforeSave made it a browser-session cookie").isFalse();
  }

  @Test
  void aSessionGoneFromTheStoreGetsNoCookie() {
    SessionConfig c = SessionConfig.builder().rolling(true).store(STORE).build();
    State changed = new State();
    changed.attributesChanged = true;
    CommitPlan plan = new CommitPlanner(c, new ExpiryPolicy(c)).store(changed.facts(), NOW);
    assertThat(plan.sendsCookie(true, true, false)).isTrue();
    assertThat(plan.sendsCookie(false, true, false)).as("destroyed by a concurrent request").isFalse();
  }
}
