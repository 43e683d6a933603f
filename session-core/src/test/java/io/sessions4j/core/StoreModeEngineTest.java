package io.sessions4j.core;

import io.sessions4j.core.codec.JacksonTypedValuesTest;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static io.sessions4j.testing.ScriptedStore.Op.TOUCH;
import static io.sessions4j.testing.ScriptedStore.Op.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The engine's store-mode decisions, driven through load/commit with an in-memory exchange. */
class StoreModeEngineTest {
  static final String KEY = "engine-test-key-0123456789abcdef-xyz";
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());

  SessionManager manager(java.util.function.UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(store).clock(clock)).build());
  }

  static Session load(SessionManager m, TestExchange ex) {
    return m.load(ex).toCompletableFuture().join();
  }

  static void commit(SessionManager m, TestExchange ex, Session s) {
    m.commit(ex, s).toCompletableFuture().join();
  }

  /** One full request; returns its exchange. */
  static TestExchange request(SessionManager m, String cookie, java.util.function.Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = load(m, ex);
    handler.accept(s);
    commit(m, ex, s);
    return ex;
  }

  @Test
  void requestThatWritesNothingGetsNoCookieAndStoresNothing() {
    SessionManager m = manager(b -> b);
    TestExchange ex = request(m, null, s -> s.get("anything"));
    assertThat(ex.setCookies()).isEmpty();
    assertThat(store.calls(SAVE, UPDATE)).isZero();
    assertThat(store.length().toCompletableFuture().join()).isZero();
  }

  @Test
  void newSessionWithDataSetsCookieAndTheCookieLoadsTheData() {
    SessionManager m = manager(b -> b);
    TestExchange first = request(m, null, s -> s.put("user", "ada"));
    String cookie = first.sessionCookie("sid");
    assertThat(cookie).isNotNull();
    assertThat(first.setCookies().get(0)).contains("Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=86400")
        .doesNotContain("Secure");

    TestExchange second = TestExchange.withCookieHeader(cookie);
    Session s = load(m, second);
    assertThat(s.isNew()).isFalse();
    assertThat(s.get("user")).isEqualTo("ada");
  }

  @Test
  void loadedSessionReadButNotChangedIsNeitherWrittenNorResent() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    int savesBefore = store.calls(SAVE, UPDATE);
    TestExchange read = request(m, cookie, s -> assertThat(s.get("user")).isEqualTo("ada"));
    assertThat(read.setCookies()).isEmpty();
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(savesBefore);
    assertThat(store.calls(TOUCH)).isZero();
  }

  @Test
  void changedSessionIsWrittenAndItsCookieResent() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("n", 1)).sessionCookie("sid");
    TestExchange change = request(m, cookie, s -> s.put("n", 2));
    assertThat(change.setCookies()).hasSize(1);
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).get("n")).isEqualTo(2);
  }

  @Test
  void browserSessionCookieIsSentOnceNotOnEveryChange() {
    SessionManager m = manager(b -> b.maxAge(null));
    TestExchange first = request(m, null, s -> s.put("n", 1));
    assertThat(first.setCookies().get(0)).doesNotContain("Max-Age").doesNotContain("Expires");
    TestExchange change = request(m, first.sessionCookie("sid"), s -> s.put("n", 2));
    assertThat(change.setCookies()).isEmpty();
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(2);
  }

  @Test
  void rollingResendsTheCookieOnEveryResponseButNotForAnUninitialisedSession() {
    SessionManager m = manager(b -> b.rolling(true));
    assertThat(request(m, null, s -> {}).setCookies()).isEmpty();
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    assertThat(request(m, cookie, s -> {}).setCookies()).hasSize(1);
  }

  @Test
  void saveUninitializedStoresAnEmptyNewSession() {
    SessionManager m = manager(b -> b.saveUninitialized(true));
    TestExchange ex = request(m, null, s -> {});
    assertThat(ex.setCookies()).hasSize(1);
    assertThat(store.length().toCompletableFuture().join()).isEqualTo(1);
  }

  @Test
  void resaveWritesAnUnchangedSessionWithoutResendingTheCookie() {
    SessionManager m = manager(b -> b.resave(true));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    int before = store.calls(SAVE, UPDATE);
    TestExchange ex = request(m, cookie, s -> {});
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(before + 1);
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void idTheStoreDoesNotHoldIsNeverAdopted() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    io.sessions4j.core.store.StoreAdministration.of(store.delegate()).clear().toCompletableFuture().join();
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = load(m, ex);
    assertThat(s.isNew()).isTrue();
    s.put("a", "c");
    commit(m, ex, s);
    assertThat(ex.sessionCookie("sid")).isNotEqualTo(cookie);
  }

  @Test
  void forgedUnsignedIdCookieGivesAFreshSession() {
    SessionManager m = manager(b -> b);
    TestExchange ex = TestExchange.withCookieHeader("sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    Session s = load(m, ex);
    assertThat(s.isNew()).isTrue();
    assertThat(store.calls(GET)).as("a forged id costs no store lookup").isZero();
  }

  @Test
  void regenerateGivesANewIdRetiresTheOldOneAndDropsData() {
    SessionManager m = manager(b -> b);
    TestExchange first = request(m, null, s -> s.put("a", "b"));
    String oldId = load(m, TestExchange.withCookieHeader(first.sessionCookie("sid"))).id();
    TestExchange regen = request(m, first.sessionCookie("sid"), s -> {
      s.regenerate();
      s.put("fresh", true);
    });
    Session after = load(m, TestExchange.withCookieHeader(regen.sessionCookie("sid")));
    assertThat(after.id()).isNotEqualTo(oldId);
    assertThat(after.attributes()).isEqualTo(Map.of("fresh", true));
    assertThat(store.get(oldId).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void saveOfAnEmptyRegeneratedSessionWritesItEvenWhenTheStoreAnswersLater() {
    // save() is what writes an empty new session (saveUninitialized=false): it must count for the
    // write decided after the old id is taken, also when the take answers on another thread
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    store.delay(java.time.Duration.ofMillis(5));
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = load(m, ex);
    s.regenerate();
    s.save().toCompletableFuture().join();
    String newId = s.id();
    store.delay(java.time.Duration.ZERO);

    assertThat(store.get(newId).toCompletableFuture().join()).isPresent();
    assertThat(ex.sessionCookie("sid")).isNotNull();
  }

  @Test
  void changeIdKeepsDataAndTheOldIdStopsWorking() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("cart", List.of("apple"))).sessionCookie("sid");
    TestExchange login = request(m, cookie, Session::changeId);
    String newCookie = login.sessionCookie("sid");
    assertThat(newCookie).isNotNull().isNotEqualTo(cookie);
    assertThat(load(m, TestExchange.withCookieHeader(newCookie)).get("cart")).isEqualTo(List.of("apple"));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void destroyDeletesTheRecordAndClearsTheCookie() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    TestExchange ex = request(m, cookie, Session::destroy);
    assertThat(ex.setCookies()).singleElement().asString().startsWith("sid=;").contains("Max-Age=0");
    assertThat(store.length().toCompletableFuture().join()).isZero();
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void puttingAfterDestroyStartsANewSessionAndTheOldOneStaysGone() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange logout = request(m, cookie, s -> {
      s.destroy();
      s.put("flash", "You are logged out.");
    });
    String newCookie = logout.sessionCookie("sid");
    assertThat(newCookie).isNotNull().isNotEqualTo(cookie);
    assertThat(load(m, TestExchange.withCookieHeader(newCookie)).attributes()).isEqualTo(Map.of("flash", "You are logged out."));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
    assertThat(store.length().toCompletableFuture().join()).isEqualTo(1);
  }

  @Test
  void unsetWithKeepDiscardsTheRequestsChangesAndKeepsTheSession() {
    SessionManager m = manager(b -> b.unset(Unset.KEEP));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    request(m, cookie, s -> {
      s.put("a", "changed");
      s.unset();
    });
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).get("a")).isEqualTo("b");
  }

  @Test
  void unsetWithDestroyDestroys() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    request(m, cookie, Session::unset);
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void nestedChangeCountsAsAChange() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("prefs", new java.util.HashMap<>(Map.of("theme", "dark"))))
        .sessionCookie("sid");
    request(m, cookie, s -> ((Map<String, Object>) s.get("prefs")).put("theme", "light"));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).get("prefs")).isEqualTo(Map.of("theme", "light"));
  }

  @Test
  void unchangedSessionIsTouchedOnlyAfterTheLazyTouchFraction() {
    SessionManager m = manager(b -> b.maxAge(Duration.ofMinutes(100)).touchAfter(0.1));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    clock.advance(Duration.ofMinutes(9));
    request(m, cookie, s -> {});
    assertThat(store.calls(TOUCH)).isZero();
    clock.advance(Duration.ofMinutes(2));
    request(m, cookie, s -> {});
    assertThat(store.calls(TOUCH)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    request(m, cookie, s -> {});
    assertThat(store.calls(TOUCH)).as("touched at 11 min: next touch is due at 21 min").isEqualTo(1);
  }

  @Test
  void touchKeepsASlidingSessionAliveAndExpiryEndsIt() {
    SessionManager m = manager(b -> b.maxAge(Duration.ofSeconds(10)));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(6));
      assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isFalse();
      request(m, cookie, s -> {});
    }
    clock.advance(Duration.ofSeconds(11));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void idleTimeoutEndsASessionLeftAlone() {
    SessionManager m = manager(b -> b.idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(5)));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    clock.advance(Duration.ofMillis(2001));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void absoluteTimeoutEndsASessionEvenWhenActive() {
    SessionManager m = manager(b -> b.idleTimeout(Duration.ofSeconds(2)).absoluteTimeout(Duration.ofSeconds(5)));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(1));
      request(m, cookie, Session::touch);
      assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isFalse();
    }
    clock.advance(Duration.ofMillis(1001));
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void storeFailureOnLoadFailsTheRequestUnderPolicyFail() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    store.fail();
    assertThatThrownBy(() -> load(m, TestExchange.withCookieHeader(cookie)))
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SessionUnavailableException.class);
  }

  @Test
  void storeFailureOnLoadGivesAFreshSessionUnderPolicyContinue() {
    SessionManager m = manager(b -> b.storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    store.fail();
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).isNew()).isTrue();
  }

  @Test
  void storeFailureOnSaveIsReportedUnderPolicyFail() {
    SessionManager m = manager(b -> b);
    store.fail();
    TestExchange ex = new TestExchange();
    Session s = load(m, ex);
    s.put("a", "b");
    assertThatThrownBy(() -> commit(m, ex, s)).hasCauseInstanceOf(SessionUnavailableException.class);
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void slowStoreTimesOutIntoThePolicy() {
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).clock(clock)
        .storeTimeout(Duration.ofMillis(50))
        .store(ScriptedStore.over(store).hold(GET)).build()); // a get that never answers
    String cookie = request(m, null, s -> s.put("a", "b")).sessionCookie("sid");
    assertThatThrownBy(() -> load(m, TestExchange.withCookieHeader(cookie)))
        .hasCauseInstanceOf(SessionUnavailableException.class)
        .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
  }

  @Test
  void concurrentChangesToDifferentAttributesAreBothKept() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("base", 0)).sessionCookie("sid");
    TestExchange exA = TestExchange.withCookieHeader(cookie);
    TestExchange exB = TestExchange.withCookieHeader(cookie);
    Session a = load(m, exA);
    Session b = load(m, exB);
    a.put("a", 1);
    b.put("b", 2);
    b.remove("base");
    commit(m, exA, a);
    commit(m, exB, b);
    assertThat(load(m, TestExchange.withCookieHeader(cookie)).attributes()).isEqualTo(Map.of("a", 1, "b", 2));
  }

  @Test
  void writeAfterAConcurrentDestroyDoesNotBringTheSessionBack() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange writerEx = TestExchange.withCookieHeader(cookie);
    Session writer = load(m, writerEx);
    request(m, cookie, Session::destroy);
    writer.put("a", 2);
    commit(m, writerEx, writer);
    assertThat(store.length().toCompletableFuture().join()).isZero();
    assertThat(writerEx.setCookies()).isEmpty();
  }

  @Test
  void withAutoCommitOffNothingIsWrittenWithoutSave() {
    SessionManager m = manager(b -> b.autoCommit(false));
    TestExchange ex = request(m, null, s -> s.put("a", 1));
    assertThat(ex.setCookies()).isEmpty();
    assertThat(store.calls(SAVE, UPDATE)).isZero();
  }

  @Test
  void explicitSaveWritesAtOnceAndTheEndOfRequestDoesNotWriteAgain() {
    SessionManager m = manager(b -> b);
    TestExchange ex = TestExchange.withCookieHeader(null);
    Session s = load(m, ex);
    s.put("a", 1);
    s.save().toCompletableFuture().join();
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(1);
    assertThat(ex.setCookies()).hasSize(1);
    commit(m, ex, s);
    assertThat(store.calls(SAVE, UPDATE)).isEqualTo(1);
    assertThat(ex.setCookies()).hasSize(1);
  }

  @Test
  void reloadSeesDataSavedByAnotherRequestAndFailsWhenTheSessionIsGone() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    Session slow = load(m, TestExchange.withCookieHeader(cookie));
    request(m, cookie, s -> s.put("b", 2));
    slow.reload().toCompletableFuture().join();
    assertThat(slow.get("b")).isEqualTo(2);
    request(m, cookie, Session::destroy);
    assertThatThrownBy(() -> slow.reload().toCompletableFuture().join()).hasCauseInstanceOf(SessionGoneException.class);
  }

  @Test
  void anEarlierSessionCookieInTheResponseIsReplacedAndOtherCookiesKept() {
    SessionManager m = manager(b -> b);
    TestExchange ex = new TestExchange();
    ex.addResponseHeader("Set-Cookie", "app=1; Path=/");
    ex.addResponseHeader("Set-Cookie", "sid=stale; Path=/");
    Session s = load(m, ex);
    s.put("a", 1);
    commit(m, ex, s);
    assertThat(ex.setCookies()).hasSize(2).contains("app=1; Path=/").noneMatch(h -> h.startsWith("sid=stale"));
  }

  @Test
  void secureAlwaysOverPlainHttpSendsNoCookieButStillWorks() {
    SessionManager m = manager(b -> b.secure(SessionConfig.Secure.ALWAYS));
    TestExchange ex = request(m, null, s -> s.put("a", 1));
    assertThat(ex.setCookies()).isEmpty();
  }

  @Test
  void forwardedProtoIsBelievedOnlyFromATrustedProxy() {
    SessionManager trusting = manager(b -> b.trustProxy(true));
    TestExchange viaProxy = TestExchange.withHeader("X-Forwarded-Proto", "https, http");
    Session s = load(trusting, viaProxy);
    s.put("a", 1);
    commit(trusting, viaProxy, s);
    assertThat(viaProxy.setCookies().get(0)).contains("; Secure");

    SessionManager distrusting = manager(b -> b);
    TestExchange spoofed = TestExchange.withHeader("X-Forwarded-Proto", "https");
    Session t = load(distrusting, spoofed);
    t.put("a", 1);
    commit(distrusting, spoofed, t);
    assertThat(spoofed.setCookies().get(0)).doesNotContain("Secure");
  }

  @Test
  void perSessionMaxAgeSticksAcrossRequests() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> {
      s.put("a", 1);
      s.maxAge(Duration.ofMinutes(5));
    }).sessionCookie("sid");
    TestExchange later = request(m, cookie, s -> s.put("a", 2));
    assertThat(later.setCookies().get(0)).contains("Max-Age=300");
  }

  @Test
  void idHeaderCarriesTheIdForApis() {
    SessionManager m = manager(b -> b.idHeader("X-Session").idCookie(false));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String token = first.responseHeaders("X-Session").get(0);
    assertThat(first.setCookies()).isEmpty();
    Session s = load(m, TestExchange.withHeader("X-Session", token));
    assertThat(s.get("a")).isEqualTo(1);
  }

  /** Records every event as "kind:id" (or "idChanged:old>new"). */
  static final class RecordingListener implements io.sessions4j.core.event.SessionListener {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void created(String id) {
      events.add("created:" + id);
    }

    @Override
    public void destroyed(String id) {
      events.add("destroyed:" + id);
    }

    @Override
    public void idChanged(String oldId, String newId) {
      events.add("idChanged:" + oldId + ">" + newId);
    }

    @Override
    public void expired(String id) {
      events.add("expired:" + id);
    }
  }

  /** The session id a response's cookie carries (the signed cookie's id part). */
  String idOf(SessionManager m, TestExchange ex) {
    return load(m, TestExchange.withCookieHeader(ex.sessionCookie("sid"))).id();
  }

  @Test
  void listenersHearCreatedAndDestroyed() {
    RecordingListener listener = new RecordingListener();
    SessionManager m = manager(b -> b.listener(listener));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String id = idOf(m, first);
    request(m, first.sessionCookie("sid"), Session::destroy);
    assertThat(listener.events).containsExactly("created:" + id, "destroyed:" + id);
  }

  @Test
  void changeIdIsReportedAsOneIdChangeOnceTheNewIdIsStored() {
    RecordingListener listener = new RecordingListener();
    SessionManager m = manager(b -> b.listener(listener));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String oldId = idOf(m, first);
    listener.events.clear();

    TestExchange changed = request(m, first.sessionCookie("sid"), Session::changeId);
    String newId = idOf(m, changed);

    assertThat(newId).isNotEqualTo(oldId);
    assertThat(listener.events).containsExactly("idChanged:" + oldId + ">" + newId);
  }

  @Test
  void regenerateDropsTheDataSoItIsReportedAsDestroyedAndCreated() {
    RecordingListener listener = new RecordingListener();
    SessionManager m = manager(b -> b.listener(listener));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String oldId = idOf(m, first);
    listener.events.clear();

    TestExchange regenerated = request(m, first.sessionCookie("sid"), s -> {
      s.changeId();
      s.regenerate(); // the data is dropped after all
      s.put("b", 2);
    });
    String newId = idOf(m, regenerated);

    assertThat(listener.events).containsExactlyInAnyOrder("created:" + newId, "destroyed:" + oldId);
  }

  @Test
  void changeIdThenDestroyReportsTheStoredIdDestroyed() {
    RecordingListener listener = new RecordingListener();
    SessionManager m = manager(b -> b.listener(listener));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String oldId = idOf(m, first);
    listener.events.clear();

    request(m, first.sessionCookie("sid"), s -> {
      s.changeId();
      s.destroy();
    });

    assertThat(listener.events).containsExactly("destroyed:" + oldId);
  }

  @Test
  void listenerWithoutIdChangedHearsTheOldIdDestroyedAndTheNewOneCreated() {
    List<String> events = new java.util.ArrayList<>();
    SessionManager m = manager(b -> b.listener(new io.sessions4j.core.event.SessionListener() {
      @Override
      public void created(String id) {
        events.add("created:" + id);
      }

      @Override
      public void destroyed(String id) {
        events.add("destroyed:" + id);
      }
    }));
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String oldId = idOf(m, first);
    TestExchange changed = request(m, first.sessionCookie("sid"), Session::changeId);
    String newId = idOf(m, changed);

    assertThat(events).containsExactly("created:" + oldId, "destroyed:" + oldId, "created:" + newId);
  }

  @Test
  void listenerAddedToARunningEngineHearsEventsIncludingExpiry() {
    MemoryStore memory = MemoryStore.builder().clock(clock).promptExpiry(false).build();
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(memory).clock(clock)
        .idleTimeout(Duration.ofMinutes(5)).build());
    RecordingListener listener = new RecordingListener();
    m.addListener(listener);
    TestExchange first = request(m, null, s -> s.put("a", 1));
    String id = idOf(m, first);

    clock.advance(Duration.ofMinutes(6));
    memory.cleanUp();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!listener.events.contains("expired:" + id) && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the memory store reports expiry on the common pool
    }
    m.removeListener(listener);
    request(m, null, s -> s.put("b", 2));
    assertThat(listener.events).containsExactly("created:" + id, "expired:" + id);
  }

  @Test
  void attributeOfAnUnregisteredClassIsRefusedAtPut() {
    SessionManager m = manager(b -> b);
    Session s = load(m, new TestExchange());
    assertThatThrownBy(() -> s.put("when", new java.util.Date()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowType");
  }

  record Cart(List<String> items) {}

  @Test
  void registeredTypeRoundTripsAsItsOwnClass() {
    SessionManager m = manager(b -> b.allowType("cart", Cart.class));
    String cookie = request(m, null, s -> s.put("cart", new Cart(List.of("apple")))).sessionCookie("sid");
    Session s = load(m, TestExchange.withCookieHeader(cookie));
    assertThat(s.get("cart")).isEqualTo(new Cart(List.of("apple")));
    assertThat(s.get("cart", Cart.class).items()).containsExactly("apple");
  }

  @Test
  void frameworkObjectRoundTripsAndItsPrincipalNameIsIndexed() {
    SessionManager m = manager(b -> b.jacksonModule(JacksonTypedValuesTest.frameworkModule())
        .allowJacksonType(JacksonTypedValuesTest.Inner.class)
        .principalAttribute("context", v -> v instanceof JacksonTypedValuesTest.Holder h
            && h.inner instanceof JacksonTypedValuesTest.Inner i ? i.name : null));
    String cookie = request(m, null, s -> s.put("context",
        new JacksonTypedValuesTest.Holder(new JacksonTypedValuesTest.Inner("ada")))).sessionCookie("sid");

    Session s = load(m, TestExchange.withCookieHeader(cookie));
    assertThat(s.get("context")).isInstanceOf(JacksonTypedValuesTest.Holder.class);
    assertThat(((JacksonTypedValuesTest.Holder) s.get("context")).inner)
        .isInstanceOf(JacksonTypedValuesTest.Inner.class);
    assertThat(m.findSessionIds("ada").toCompletableFuture().join()).containsExactly(s.id());
    List<SessionSummary> summaries = m.findSessions("ada").toCompletableFuture().join();
    assertThat(summaries).singleElement().satisfies(summary -> {
      assertThat(summary.id()).isEqualTo(s.id());
      assertThat(summary.createdAt()).isEqualTo(s.createdAt());
      assertThat(summary.expiresAt()).isAfter(summary.lastAccessedAt());
      assertThat(summary.toString()).doesNotContain(s.id());
    });
  }

  @Test
  void frameworkObjectWithoutItsModuleIsRefusedAtPut() {
    SessionManager m = manager(b -> b);
    Session s = load(m, new TestExchange());
    assertThatThrownBy(() -> s.put("context", new JacksonTypedValuesTest.Holder("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jacksonModule");
  }
}
