package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.event.StoreFailurePhase;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.event.WriteConflict;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the engine tells its listeners for metrics (store calls, failures by policy, concurrent
 * writes, cookie and document sizes, cookie overflow), and the administration API (a principal's
 * sessions, ending one by handle, ending all, counting).
 */
class OperationsEventsTest {
  static final String KEY = "operations-test-key-0123456789abcdef";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());
  final Recorder events = new Recorder();

  /** Every event as one line of text, in order. */
  static final class Recorder implements SessionListener {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override public void storeCalled(StoreOperation operation, long nanos, Throwable failure) {
      assertThat(nanos).isNotNegative();
      lines.add("store " + operation + (failure == null ? " ok" : " failed"));
    }
    @Override public void storeFailed(StoreFailurePolicy policy, StoreFailurePhase phase) {
      lines.add("failure " + policy + " " + phase);
    }
    @Override public void writeConflict(WriteConflict conflict) { lines.add("conflict " + conflict); }
    @Override public void cookieOverflow(int bytes, CookieOverflow policy) { lines.add("overflow " + policy); }
    @Override public void cookieWritten(int bytes) { lines.add("cookie " + (bytes > 0)); }
    @Override public void documentRead(int bytes) { lines.add("read " + (bytes > 0)); }
    @Override public void documentWritten(int bytes) { lines.add("written " + (bytes > 0)); }
  }

  SessionManager manager(java.util.function.UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(store).clock(clock)
        .principalAttribute("user").listener(events)).build());
  }

  static TestExchange request(SessionManager m, String cookie, java.util.function.Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.load(ex).toCompletableFuture().join();
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  @Test
  void storeCallsAndDocumentSizesAreReported() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    assertThat(events.lines).containsExactly("written true", "store SAVE ok");

    events.lines.clear();
    request(m, cookie, s -> s.put("cart", List.of("apple")));
    assertThat(events.lines).containsExactly("store GET ok", "read true", "store UPDATE ok", "written true");
  }

  @Test
  void onTheMemoryStoreEachDocumentVersionIsMeasuredOnceNotOnEveryRead() {
    Recorder recorder = new Recorder();
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .store(MemoryStore.builder().clock(clock).promptExpiry(false).build()).listener(recorder).build());
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    request(m, cookie, s -> s.get("user"));
    recorder.lines.clear();

    request(m, cookie, s -> s.get("user"));
    assertThat(recorder.lines).as("an unchanged version read again").containsExactly("store GET ok");

    recorder.lines.clear();
    request(m, cookie, s -> s.put("cart", List.of("apple")));
    request(m, cookie, s -> s.get("cart"));
    assertThat(recorder.lines).as("the new version is measured as written, not again when read")
        .containsExactly("store GET ok", "store UPDATE ok", "written true", "store GET ok");
  }

  @Test
  void aFailedLoadIsReportedWithThePolicyThatAnsweredIt() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    events.lines.clear();
    store.fail(ScriptedStore.Op.GET);

    request(m, cookie, s -> s.get("user"));

    assertThat(events.lines).containsExactly("store GET failed", "failure CONTINUE LOAD");
  }

  @Test
  void aFailedCommitUnderFailIsReportedAsSuch() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.FAIL));
    store.fail(ScriptedStore.Op.SAVE);
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = m.load(ex).toCompletableFuture().join();
    s.put("user", "ada");

    assertThatThrownBy(() -> m.commit(ex, s).toCompletableFuture().join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SessionUnavailableException.class);
    assertThat(events.lines).containsExactly("written true", "store SAVE failed", "failure FAIL COMMIT");
  }

  @Test
  void aPatchOnTopOfAnotherRequestsChangeIsAMerge() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange slowEx = TestExchange.withCookieHeader(cookie);
    Session slow = m.load(slowEx).toCompletableFuture().join();
    slow.put("a", 1);
    request(m, cookie, s -> s.put("b", 2)); // lands between the slow request's read and write
    events.lines.clear();

    m.commit(slowEx, slow).toCompletableFuture().join();

    assertThat(events.lines).containsExactly("store UPDATE ok", "conflict MERGED");
  }

  @Test
  void aWriteToASessionDestroyedMeanwhileIsReportedAsGone() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange slowEx = TestExchange.withCookieHeader(cookie);
    Session slow = m.load(slowEx).toCompletableFuture().join();
    slow.put("a", 1);
    request(m, cookie, Session::destroy);
    events.lines.clear();

    m.commit(slowEx, slow).toCompletableFuture().join();

    assertThat(events.lines).containsExactly("store UPDATE ok", "conflict SESSION_GONE");
  }

  @Test
  void cookieModeReportsCookieSizeAndOverflow() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).mode(SessionMode.COOKIE).clock(clock)
        .maxCookieSize(600).cookieOverflow(CookieOverflow.KEEP_PREVIOUS).listener(events).build());
    request(m, null, s -> s.put("user", "ada"));
    assertThat(events.lines).containsExactly("written true", "cookie true");

    events.lines.clear();
    request(m, null, s -> s.put("big", "x".repeat(2000)));
    assertThat(events.lines).containsExactly("written true", "overflow KEEP_PREVIOUS");
  }

  @Test
  void withoutListenersNothingIsReportedAndNothingBreaks() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).clock(clock).build());
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    assertThat(request(m, cookie, s -> s.get("user")).setCookies()).isEmpty();
    assertThat(events.lines).isEmpty();
  }

  // ---- administration -------------------------------------------------------------------------

  @Test
  void aPrincipalsSessionsAreListedWithHandlesAndEndedOneByOne() {
    SessionManager m = manager(b -> b);
    String[] endedId = new String[1];
    String ended = request(m, null, s -> {
      s.put("user", "ada");
      endedId[0] = s.id();
    }).sessionCookie("sid");
    request(m, null, s -> s.put("user", "ada"));
    request(m, null, s -> s.put("user", "grace"));
    List<SessionSummary> ada = m.findSessions("ada").toCompletableFuture().join();
    assertThat(ada).hasSize(2);
    SessionSummary first = ada.stream().filter(s -> s.id().equals(endedId[0])).findFirst().orElseThrow();
    assertThat(first.handle()).hasSize(22).isNotEqualTo(first.id()).isEqualTo(io.sessions4j.core.id.SessionIds.handle(first.id()));
    assertThat(first.toString()).doesNotContain(first.id());

    assertThat(m.destroySession("grace", first.handle()).toCompletableFuture().join())
        .as("a handle counts only among the named principal's sessions").isFalse();
    assertThat(m.destroySession("ada", first.handle()).toCompletableFuture().join()).isTrue();

    assertThat(m.findSessions("ada").toCompletableFuture().join()).hasSize(1);
    assertThat(request(m, ended, s -> assertThat(s.isNew()).isTrue()).setCookies()).isEmpty();
  }

  @Test
  void endingAllOfAPrincipalsSessionsLogsEachClientOut() {
    SessionManager m = manager(b -> b);
    String one = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    String two = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    String other = request(m, null, s -> s.put("user", "grace")).sessionCookie("sid");

    assertThat(m.destroyAll("ada").toCompletableFuture().join()).isEqualTo(2);

    request(m, one, s -> assertThat(s.get("user")).isNull());
    request(m, two, s -> assertThat(s.get("user")).isNull());
    request(m, other, s -> assertThat(s.get("user")).isEqualTo("grace"));
    assertThat(m.countSessions().toCompletableFuture().join()).isEqualTo(1);
  }

  @Test
  void clientHintsAreRecordedOnlyWhenEnabledAndShownByAdministration() {
    SessionManager off = manager(b -> b);
    request(off, null, s -> s.put("user", "ada"));
    assertThat(off.findSessions("ada").toCompletableFuture().join()).singleElement()
        .satisfies(s -> assertThat(s.userAgent()).isNull()).satisfies(s -> assertThat(s.clientAddress()).isNull());

    SessionManager on = manager(b -> b.clientHints(true).trustProxy(peer -> peer.equals("10.0.0.1")));
    TestExchange direct = TestExchange.request().remoteAddress("203.0.113.9")
        .header("User-Agent", "Firefox/140").header("X-Forwarded-For", "198.51.100.1").build();
    Session first = on.load(direct).toCompletableFuture().join();
    first.put("user", "grace");
    on.commit(direct, first).toCompletableFuture().join();
    TestExchange proxied = TestExchange.request().remoteAddress("10.0.0.1")
        .header("User-Agent", "curl/8").header("X-Forwarded-For", "198.51.100.1, 10.0.0.2").build();
    Session second = on.load(proxied).toCompletableFuture().join();
    second.put("user", "grace");
    on.commit(proxied, second).toCompletableFuture().join();

    assertThat(on.findSessions("grace").toCompletableFuture().join())
        .extracting(SessionSummary::userAgent, SessionSummary::clientAddress)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Firefox/140", "203.0.113.9"),
            org.assertj.core.groups.Tuple.tuple("curl/8", "198.51.100.1"));
  }
}
