package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.SessionTrace.CookieOutcome;
import io.sessions4j.core.SessionTrace.Load;
import io.sessions4j.core.SessionTrace.Reason;
import io.sessions4j.core.SessionTrace.Source;
import io.sessions4j.core.SessionTrace.StoreOutcome;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The decision trace, row by row of the commit decision table: for each decision, the trace names
 * the rule that made it and what was done, in the words the README's "why" section links to.
 */
class SessionTraceTest {
  static final String KEY = "trace-test-key-0123456789abcdef-xyz";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());

  SessionManager manager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(
        SessionConfig.builder().keys(KEY).store(store).clock(clock).trace(true)).build());
  }

  SessionManager cookieManager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(
        SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).clock(clock).trace(true)).build());
  }

  /** One request through the lazy path every adapter uses; its trace after the commit. */
  static Traced request(SessionManager m, String cookie, Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return new Traced(ex, SessionTrace.of(s));
  }

  record Traced(TestExchange exchange, SessionTrace trace) {
    String cookie() {
      return exchange.sessionCookie("sid");
    }
  }

  // ---- store mode: one test per row of the decision table -------------------------------------

  @Test
  void newEmptySessionIsNotSentBecauseSaveUninitializedIsOff() {
    SessionTrace trace = request(manager(b -> b), null, s -> s.get("anything")).trace();

    assertThat(trace.source()).isEqualTo(Source.NONE);
    assertThat(trace.load()).isEqualTo(Load.NEW);
    assertThat(trace.reason()).isEqualTo(Reason.NEW_EMPTY);
    assertThat(trace.store()).isEqualTo(StoreOutcome.NONE);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.NONE);
    assertThat(trace.summary()).contains("no Set-Cookie: new session is empty and saveUninitialized=false");
  }

  @Test
  void newEmptySessionIsStoredAndSentUnderSaveUninitialized() {
    SessionTrace trace = request(manager(b -> b.saveUninitialized(true)), null, s -> s.get("x")).trace();

    assertThat(trace.reason()).isEqualTo(Reason.SAVE_UNINITIALIZED);
    assertThat(trace.store()).isEqualTo(StoreOutcome.INSERTED);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.SENT);
    assertThat(trace.summary()).contains("saveUninitialized=true");
  }

  @Test
  void newSessionWithDataIsStoredAndSent() {
    SessionTrace trace = request(manager(b -> b), null, s -> s.put("cart", List.of("apple"))).trace();

    assertThat(trace.reason()).isEqualTo(Reason.NEW_WITH_DATA);
    assertThat(trace.store()).isEqualTo(StoreOutcome.INSERTED);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.SENT);
    assertThat(trace.changedAttributes()).containsExactly("cart");
  }

  @Test
  void changedAttributesAreNamedInTheWrite() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("cart", List.of("apple"))).cookie();
    SessionTrace trace = request(m, cookie, s -> {
      s.put("cart", List.of("apple", "pear"));
      s.put("user", "ada");
    }).trace();

    assertThat(trace.source()).isEqualTo(Source.COOKIE);
    assertThat(trace.load()).isEqualTo(Load.STORE);
    assertThat(trace.loadTime()).isNotNull();
    assertThat(trace.reason()).isEqualTo(Reason.CHANGED);
    assertThat(trace.store()).isEqualTo(StoreOutcome.PATCHED);
    assertThat(trace.changedAttributes()).containsExactlyInAnyOrder("cart", "user");
    assertThat(trace.summary()).contains("store written, Set-Cookie sent: attributes cart, user changed");
    assertThat(trace.commitTime()).isNotNull();
  }

  @Test
  void resaveWritesAnUnchangedSession() {
    SessionManager m = manager(b -> b.resave(true));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, s -> s.get("a")).trace();

    assertThat(trace.reason()).isEqualTo(Reason.RESAVE);
    assertThat(trace.store()).isEqualTo(StoreOutcome.PATCHED);
    assertThat(trace.summary()).contains("resave=true");
  }

  @Test
  void rollingResendsTheCookieOfAnUnchangedSession() {
    SessionManager m = manager(b -> b.rolling(true));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, s -> s.get("a")).trace();

    assertThat(trace.reason()).isEqualTo(Reason.UNCHANGED);
    assertThat(trace.cookieReason()).isEqualTo(Reason.ROLLING);
    assertThat(trace.store()).isEqualTo(StoreOutcome.NONE);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.SENT);
    assertThat(trace.summary()).contains("cookie re-sent: rolling=true");
  }

  @Test
  void renewReissuesTheCookieWhenLessThanHalfItsMaxAgeIsLeft() {
    SessionManager m = manager(b -> b.renew(true).maxAge(Duration.ofMinutes(10)));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    clock.advance(Duration.ofMinutes(6));
    SessionTrace trace = request(m, cookie, s -> s.get("a")).trace();

    assertThat(trace.reason()).isEqualTo(Reason.RENEW);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.SENT);
    assertThat(trace.summary()).contains("renew=true");
  }

  @Test
  void unchangedSessionIsTouchedOnlyPastTouchAfter() {
    SessionManager m = manager(b -> b.maxAge(Duration.ofMinutes(100)).touchAfter(0.1));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();

    clock.advance(Duration.ofMinutes(5));
    SessionTrace within = request(m, cookie, s -> s.get("a")).trace();
    assertThat(within.reason()).isEqualTo(Reason.UNCHANGED);
    assertThat(within.store()).isEqualTo(StoreOutcome.NONE);
    assertThat(within.summary()).contains("nothing written, no Set-Cookie: unchanged");

    clock.advance(Duration.ofMinutes(6));
    SessionTrace past = request(m, cookie, s -> s.get("a")).trace();
    assertThat(past.reason()).isEqualTo(Reason.TOUCH_DUE);
    assertThat(past.store()).isEqualTo(StoreOutcome.TOUCHED);
    assertThat(past.summary()).contains("store touched, no Set-Cookie: idle window past touchAfter");
  }

  @Test
  void touchIsReportedAsAsked() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, Session::touch).trace();

    assertThat(trace.reason()).isEqualTo(Reason.TOUCH);
    assertThat(trace.store()).isEqualTo(StoreOutcome.TOUCHED);
  }

  @Test
  void destroyDeletesTheRecordAndClearsTheCookie() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, Session::destroy).trace();

    assertThat(trace.reason()).isEqualTo(Reason.DESTROYED);
    assertThat(trace.store()).isEqualTo(StoreOutcome.DELETED);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.CLEARED);
    assertThat(trace.summary()).contains("store record deleted, cookie cleared: destroyed");
  }

  @Test
  void regenerateIsANewIdAndTheTraceSaysTheIdChanged() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, s -> {
      s.regenerate();
      s.put("c", "d");
    }).trace();

    assertThat(trace.reason()).isEqualTo(Reason.NEW_ID);
    assertThat(trace.store()).isEqualTo(StoreOutcome.INSERTED);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.SENT);
    assertThat(trace.idChanged()).isTrue();
    assertThat(trace.summary()).contains("id changed " + trace.previousId() + " → " + trace.id());
  }

  @Test
  void changeIdAtLoginWritesTheDataUnderTheNewId() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("cart", List.of("apple"))).cookie();
    SessionTrace trace = request(m, cookie, s -> {
      s.changeId();
      s.put("user", "ada");
    }).trace();

    assertThat(trace.reason()).isEqualTo(Reason.NEW_ID);
    assertThat(trace.idChanged()).isTrue();
    assertThat(trace.changedAttributes()).containsExactlyInAnyOrder("cart", "user");
    assertThat(trace.summary()).contains("store written (new record), Set-Cookie sent, id changed")
        .contains("attributes written: cart, user");
  }

  @Test
  void unsetKeepLeavesEverything() {
    SessionManager m = manager(b -> b.unset(Unset.KEEP));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, s -> {
      s.put("a", "c");
      s.unset();
    }).trace();

    assertThat(trace.reason()).isEqualTo(Reason.UNSET_KEEP);
    assertThat(trace.store()).isEqualTo(StoreOutcome.NONE);
  }

  @Test
  void aLazySessionNothingUsedIsReportedAsNotUsed() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(m, cookie, s -> { }).trace();

    assertThat(trace.load()).isEqualTo(Load.NOT_LOADED);
    assertThat(trace.reason()).isEqualTo(Reason.NOT_USED);
    assertThat(trace.summary()).contains("commit: nothing: the request never used its session");
  }

  @Test
  void autoCommitOffIsReported() {
    SessionTrace trace = request(manager(b -> b.autoCommit(false)), null, s -> s.put("a", "b")).trace();

    assertThat(trace.reason()).isEqualTo(Reason.AUTO_COMMIT_OFF);
    assertThat(trace.committed()).isFalse();
  }

  @Test
  void aSaveBeforeTheEndIsKeptBesideTheEndOfRequestCommit() {
    SessionManager m = manager(b -> b.autoCommit(false));
    SessionTrace trace = request(m, null, s -> {
      s.put("cart", List.of("apple"));
      s.save().toCompletableFuture().join();
    }).trace();

    assertThat(trace.reason()).isEqualTo(Reason.AUTO_COMMIT_OFF);
    assertThat(trace.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("earlier commit (save()): store written (new record), Set-Cookie sent: new session with data"));
    assertThat(trace.lines()).last().asString().isEqualTo("commit: nothing: autoCommit=false: only save() writes");
  }

  @Test
  void beforeTheCommitTheTraceStatesThePlannedCommit() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("cart", List.of("apple"))).cookie();
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    s.changeId();
    s.put("user", "ada");
    SessionTrace trace = SessionTrace.of(s);

    assertThat(trace.committed()).isFalse();
    assertThat(trace.reason()).isEqualTo(Reason.NEW_ID);
    assertThat(trace.summary()).contains("commit (planned): store write (new record), Set-Cookie, id changes ");
    m.commit(ex, s).toCompletableFuture().join();
    assertThat(trace.summary()).contains("commit: store written (new record)");
  }

  // ---- ids that were not used ------------------------------------------------------------------

  @Test
  void aTamperedCookieIsReportedAsABadSignature() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    String tampered = cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("A") ? "B" : "A");
    SessionTrace trace = request(m, tampered, s -> s.get("a")).trace();

    assertThat(trace.source()).isEqualTo(Source.COOKIE);
    assertThat(trace.rejections()).containsExactly(IdRejection.BAD_SIGNATURE);
    assertThat(trace.load()).isEqualTo(Load.NEW);
    assertThat(trace.summary()).contains("token not used: bad signature");
  }

  @Test
  void aMalformedCookieIsReportedAsMalformed() {
    SessionTrace trace = request(manager(b -> b), "sid=not a token", s -> s.get("a")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.MALFORMED);
    assertThat(trace.summary()).contains("token not used: malformed");
  }

  @Test
  void anIdHeaderIsReportedAsTheSource() {
    SessionManager m = manager(b -> b.idHeader("X-Session"));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    TestExchange ex = TestExchange.withHeader("X-Session", cookie.substring("sid=".length()));
    Session s = m.open(ex);
    s.get("a");

    assertThat(SessionTrace.of(s).source()).isEqualTo(Source.HEADER);
    assertThat(SessionTrace.of(s).load()).isEqualTo(Load.STORE);
  }

  @Test
  void anUnknownIdIsReportedAsUnknown() {
    SessionManager m = SessionManager.create(SessionConfig.builder().store(store).clock(clock).trace(true).build());
    SessionTrace trace = request(m, "sid=abcdefghijklmnopqrstuvwxyz012345", s -> s.get("a")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.UNKNOWN);
    assertThat(trace.summary()).contains("token not used: unknown").doesNotContain("abcdefghijklmnop");
  }

  @Test
  void anExpiredSessionIsReportedAsExpired() {
    // a store forgets expired records (it reports them unknown); a cookie carries its own expiry
    SessionManager m = cookieManager(b -> b.maxAge(Duration.ofMinutes(1)));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    clock.advance(Duration.ofMinutes(2));
    SessionTrace trace = request(m, cookie, s -> s.get("a")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.EXPIRED);
    assertThat(trace.summary()).contains("token not used: expired");
  }

  @Test
  void aSessionTheValidateHookRejectsIsReportedAsInvalid() {
    SessionManager m = manager(b -> b.validate(s -> !"mallory".equals(s.get("user"))));
    String cookie = request(m, null, s -> s.put("user", "mallory")).cookie();
    SessionTrace trace = request(m, cookie, s -> s.get("user")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.INVALID);
    assertThat(trace.summary()).contains("token not used: invalid");
  }

  @Test
  void aCorruptRecordIsReportedAsCorrupt() {
    SessionManager m = SessionManager.create(SessionConfig.builder().store(store).clock(clock).trace(true).build());
    String id = "corruptcorruptcorrupt0123456789";
    Instant now = clock.instant();
    store.set(new StoredSession(id, "{not json".getBytes(StandardCharsets.UTF_8), now, now,
        now.plus(Duration.ofHours(1)), 1, null)).toCompletableFuture().join();
    SessionTrace trace = request(m, "sid=" + id, s -> s.get("a")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.CORRUPT);
    assertThat(trace.summary()).contains("token not used: corrupt");
  }

  // ---- store failures under each policy --------------------------------------------------------

  @Test
  void aFailedLoadUnderPolicyFailIsReportedAndTheCommitFails() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    store.fail();
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    assertThatThrownBy(() -> s.get("a")).isInstanceOf(SessionUnavailableException.class);
    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionUnavailableException.class);

    SessionTrace trace = SessionTrace.of(s);
    assertThat(trace.load()).isEqualTo(Load.STORE_FAILED);
    assertThat(trace.summary()).contains("503 (storeFailurePolicy=FAIL)").contains("commit: none, the request failed");
  }

  @Test
  void aFailedLoadUnderPolicyContinueIsReportedAsAFreshSession() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    String cookie = request(m, null, s -> s.put("a", "b")).cookie();
    store.fail();
    SessionTrace trace = request(m, cookie, s -> s.get("a")).trace();

    assertThat(trace.load()).isEqualTo(Load.STORE_FAILED_CONTINUE);
    assertThat(trace.summary()).contains("storeFailurePolicy=CONTINUE");
  }

  @Test
  void aFailedWriteUnderPolicyFailIsReported() {
    SessionManager m = manager(b -> b);
    TestExchange ex = new TestExchange();
    Session s = m.open(ex);
    s.put("a", "b");
    store.fail();
    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionUnavailableException.class);

    SessionTrace trace = SessionTrace.of(s);
    assertThat(trace.store()).isEqualTo(StoreOutcome.FAILED);
    assertThat(trace.summary()).contains("store write failed, the request gets 503 (storeFailurePolicy=FAIL)");
  }

  @Test
  void aFailedWriteUnderPolicyContinueIsReportedAsLostChanges() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    TestExchange ex = new TestExchange();
    Session s = m.open(ex);
    s.put("a", "b");
    store.fail();
    m.commit(ex, s).toCompletableFuture().join();

    SessionTrace trace = SessionTrace.of(s);
    assertThat(trace.store()).isEqualTo(StoreOutcome.FAILED);
    assertThat(trace.cookie()).isEqualTo(CookieOutcome.NONE);
    assertThat(trace.summary()).contains("changes are lost (storeFailurePolicy=CONTINUE)");
  }

  // ---- cookie mode -----------------------------------------------------------------------------

  @Test
  void cookieModeRowsAreReportedWithoutAStore() {
    SessionManager m = cookieManager(b -> b.rolling(true));
    SessionTrace empty = request(m, null, s -> s.get("a")).trace();
    assertThat(empty.reason()).isEqualTo(Reason.NEW_EMPTY);
    assertThat(empty.summary()).contains("commit: no Set-Cookie: new session is empty").doesNotContain("store");

    Traced first = request(m, null, s -> s.put("cart", List.of("apple")));
    assertThat(first.trace().reason()).isEqualTo(Reason.NEW_WITH_DATA);
    assertThat(first.trace().cookie()).isEqualTo(CookieOutcome.SENT);

    SessionTrace rolled = request(m, first.cookie(), s -> s.get("cart")).trace();
    assertThat(rolled.load()).isEqualTo(Load.COOKIE);
    assertThat(rolled.reason()).isEqualTo(Reason.ROLLING);
    assertThat(rolled.summary()).contains("Set-Cookie sent: rolling=true");

    SessionTrace destroyed = request(m, first.cookie(), Session::destroy).trace();
    assertThat(destroyed.reason()).isEqualTo(Reason.DESTROYED);
    assertThat(destroyed.cookie()).isEqualTo(CookieOutcome.CLEARED);
  }

  @Test
  void cookieModeReportsACookieSealedWithAnotherKey() {
    SessionManager other = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE)
        .keys("another-trace-key-0123456789abcdef-xyz").clock(clock).build());
    String foreign = request(other, null, s -> s.put("a", "b")).cookie();
    SessionTrace trace = request(cookieManager(b -> b), foreign, s -> s.get("a")).trace();

    assertThat(trace.rejections()).containsExactly(IdRejection.BAD_SIGNATURE);
    assertThat(trace.load()).isEqualTo(Load.NEW);
  }

  // ---- where the trace goes --------------------------------------------------------------------

  @Test
  void tracingOffKeepsNoTrace() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).clock(clock).build());
    Traced traced = request(m, null, s -> s.put("a", "b"));

    assertThat(traced.trace()).isNull();
    assertThat(traced.exchange().responseHeaders(SessionTrace.HEADER)).isEmpty();
  }

  @Test
  void traceHeaderSendsTheSummaryInPrintableAscii() {
    Traced traced = request(manager(b -> b.traceHeader(true)), null, s -> s.put("cart", List.of("apple")));

    List<String> header = traced.exchange().responseHeaders(SessionTrace.HEADER);
    assertThat(header).singleElement().asString().contains("store written (new record)")
        .matches("[\\x20-\\x7e]+");
    assertThat(traced.trace()).isNotNull();
  }

  @Test
  void eachRequestIsOneDebugLineWithIdsRedactedAndNoValues() {
    Logger logger = Logger.getLogger("io.sessions4j.core.SessionTrace");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      SessionManager m = manager(b -> b);
      String cookie = request(m, null, s -> s.put("cart", List.of("secret-apple"))).cookie();
      String id = cookie.substring("sid=".length());
      records.clear();
      List<String> newId = new ArrayList<>();
      request(m, cookie, s -> {
        s.changeId();
        s.put("user", "ada-the-secret");
        newId.add(s.id());
      });

      assertThat(records).singleElement().satisfies(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.FINE);
        assertThat(r.getMessage()).startsWith("session trace: ").contains("id changed")
            .doesNotContain("secret-apple", "ada-the-secret", id, newId.get(0));
      });
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
    }
  }
}
