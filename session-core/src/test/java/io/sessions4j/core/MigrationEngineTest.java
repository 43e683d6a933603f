package io.sessions4j.core;

import static io.sessions4j.core.ExpressCompatEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.compat.node.ExpressSessionCookie;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * migrateFrom: an engine in sessions4j's own formats that also reads the sessions a Node package
 * left behind, and moves each into a new session of its own — for every legacy package, with our
 * store mode and our cookie mode. The Node side is played by a compat engine (its cookies and
 * records are the Node package's, as ExpressCompatEngineTest and NodeCookieCompatEngineTest show).
 */
class MigrationEngineTest {
  static final String KEY = "migration-test-key-0123456789abcdef";
  static final Map<String, Object> PASSPORT = Map.of("user", "ada");
  static final Map<String, Object> FLASH = Map.of("info", List.of("welcome back"));

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:00:00Z"));
  /** express-session's records (the Node app's store). */
  final MemoryStore nodeStore = MemoryStore.builder().clock(clock).build();
  /** What the migration engine reads them through: counted, and able to fail. */
  final ScriptedStore legacyStore = ScriptedStore.over(nodeStore);
  /** sessions4j's own records. */
  final MemoryStore ours = MemoryStore.builder().clock(clock).build();
  final List<String> imports = new ArrayList<>();
  final List<IdRejection> rejections = new ArrayList<>();

  /**
   * The Node app a migration leaves: express-session (on a store), cookie-session, and koa-session
   * in its cookie mode and on a store (its external-store mode).
   */
  enum NodeApp {
    EXPRESS_SESSION(NodeCompat.EXPRESS_SESSION, true),
    COOKIE_SESSION(NodeCompat.COOKIE_SESSION, false),
    KOA_SESSION(NodeCompat.KOA_SESSION, false),
    KOA_SESSION_ON_A_STORE(NodeCompat.KOA_SESSION, true);

    private final NodeCompat compat;
    private final boolean store;

    NodeApp(NodeCompat compat, boolean store) {
      this.compat = compat;
      this.store = store;
    }

    NodeCompat compat() {
      return compat;
    }

    /** Whether the Node app keeps its sessions in a store (the cookie holds only the id). */
    boolean store() {
      return store;
    }

    String packageName() {
      return compat.packageName();
    }

    String defaultCookieName() {
      return compat.defaultCookieName();
    }

    /** The Node app's secret: express-session's {@code secret}, or the first of koa's {@code app.keys}. */
    String secret() {
      return this == EXPRESS_SESSION ? "keyboard cat" : "a";
    }

    /** The id of the Node record a Cookie header names (store apps only). */
    String id(String cookieHeader) {
      if (this == EXPRESS_SESSION) {
        return expressId(cookieHeader);
      }
      for (String pair : cookieHeader.split(";\\s*")) {
        if (pair.startsWith(defaultCookieName() + "=")) {
          return pair.substring(defaultCookieName().length() + 1);
        }
      }
      throw new AssertionError("no " + defaultCookieName() + " in " + cookieHeader);
    }
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (NodeApp from : NodeApp.values()) {
      for (SessionMode mode : SessionMode.values()) {
        cases.add(Arguments.of(from, mode));
      }
    }
    return cases;
  }

  /** The Node app: express-session on {@link #nodeStore}, or cookie-session / koa-session with keys a, b. */
  SessionManager node(NodeApp from) {
    return node(from, b -> { });
  }

  SessionManager node(NodeApp from, Consumer<SessionConfig.Builder> options) {
    SessionConfig.Builder b = SessionConfig.builder().compat(from.compat()).maxAge(Duration.ofHours(1)).clock(clock);
    options.accept(b);
    if (from.store()) {
      b.compatSecrets(from.secret()).store(nodeStore);
    } else {
      b.mode(SessionMode.COOKIE).compatSecrets("a", "b").sameSite(null);
    }
    return SessionManager.create(b.build());
  }

  /** sessions4j in its own formats, migrating from {@code from}. */
  SessionManager migrating(NodeApp from, SessionMode mode, Consumer<SessionConfig.Builder> options) {
    SessionConfig.Builder b = SessionConfig.builder().mode(mode).keys(KEY).maxAge(Duration.ofHours(1)).clock(clock)
        .trace(true).listener(new SessionListener() {
          @Override
          public void imported(String id, String pkg) {
            imports.add(pkg + ":" + (id == null ? "cookie" : "stored"));
          }

          @Override
          public void idRejected(IdRejection reason) {
            rejections.add(reason);
          }
        });
    if (mode == SessionMode.STORE) {
      b.store(ours);
    }
    if (from.store()) {
      b.migrateFrom(from.compat(), from.secret()).migrateStore(legacyStore);
    } else {
      b.migrateFrom(from.compat(), "a", "b");
    }
    options.accept(b);
    return SessionManager.create(b.build());
  }

  SessionManager migrating(NodeApp from, SessionMode mode) {
    return migrating(from, mode, b -> { });
  }

  /** The Cookie header a browser sends back for a response's Set-Cookie headers (cleared ones left out). */
  static String cookies(TestExchange ex) {
    List<String> pairs = new ArrayList<>();
    for (String h : ex.setCookies()) {
      if (!h.toLowerCase(java.util.Locale.ROOT).contains("expires=thu, 01 jan 1970")) {
        pairs.add(h.substring(0, h.indexOf(';')));
      }
    }
    return String.join("; ", pairs);
  }

  /** A user logs in on the Node app (passport and connect-flash attributes); the cookies it holds then. */
  String nodeLogin(NodeApp from, String user) {
    return cookies(request(node(from), null, s -> {
      s.put("passport", Map.of("user", user));
      s.put("flash", FLASH);
    }));
  }

  /** express-session's session id in a Cookie header holding connect.sid. */
  static String expressId(String cookieHeader) {
    String value = cookieHeader.substring(cookieHeader.indexOf("connect.sid=") + "connect.sid=".length()).split(";")[0];
    return ExpressSessionCookie.unsign(value, List.of("keyboard cat")).id();
  }

  static boolean cleared(TestExchange ex, String name) {
    String header = ex.setCookie(name);
    return header != null && header.toLowerCase(java.util.Locale.ROOT).contains("expires=thu, 01 jan 1970");
  }

  void assertLegacyCleared(NodeApp from, TestExchange ex) {
    assertThat(cleared(ex, from.defaultCookieName())).as("legacy cookie cleared").isTrue();
    if (from.compat() != NodeCompat.EXPRESS_SESSION) {
      assertThat(cleared(ex, from.defaultCookieName() + ".sig")).as("legacy .sig cleared").isTrue();
    }
  }

  @ParameterizedTest(name = "{0} into {1} mode")
  @MethodSource("cases")
  void legacyOnlyRequestIsImportedWrittenInOurFormatAndTheLegacySessionRetired(NodeApp from, SessionMode mode) {
    String legacy = nodeLogin(from, "ada");
    clock.advance(Duration.ofMinutes(10));
    SessionManager m = migrating(from, mode);

    TestExchange first = request(m, legacy, s -> {
      assertThat(s.get("passport")).isEqualTo(PASSPORT);
      assertThat(s.get("flash")).isEqualTo(FLASH);
    });

    assertThat(first.setCookie("sid")).as("our cookie").isNotNull();
    assertLegacyCleared(from, first);
    if (from.store()) {
      assertThat(nodeStore.get(from.id(legacy)).toCompletableFuture().join()).as("legacy record").isEmpty();
    }
    assertThat(imports).containsExactly(from.packageName() + ":" + (mode == SessionMode.STORE ? "stored" : "cookie"));

    // from now on the user carries only sid, and is still logged in
    String own = cookies(first);
    assertThat(own).startsWith("sid=").doesNotContain(from.defaultCookieName() + "=");
    TestExchange next = request(m, own, s -> {
      assertThat(s.isNew()).isFalse();
      assertThat(s.get("passport")).isEqualTo(PASSPORT);
      s.put("visits", 1);
    });
    assertThat(next.setCookie(from.defaultCookieName())).as("nothing in Node's format any more").isNull();
    assertThat(imports).hasSize(1);
  }

  record Cart(List<String> items) {}

  @ParameterizedTest(name = "{0}")
  @EnumSource(NodeApp.class)
  void aRegisteredTypeTheBridgeWroteIsImportedAsItself(NodeApp from) {
    String legacy = cookies(request(node(from, b -> b.allowType("cart", Cart.class)), null,
        s -> s.put("cart", new Cart(List.of("apple")))));
    SessionManager m = migrating(from, SessionMode.STORE, b -> b.allowType("cart", Cart.class));
    String own = cookies(request(m, legacy, s -> assertThat(s.get("cart")).isEqualTo(new Cart(List.of("apple")))));
    request(m, own, s -> assertThat(s.get("cart")).isEqualTo(new Cart(List.of("apple"))));
  }

  @Test
  void createdIsKeptFromTheLegacyRecordWhenItIsKnown() {
    Instant loggedIn = clock.instant();
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    clock.advance(Duration.ofMinutes(10));
    request(migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE), legacy,
        s -> assertThat(s.createdAt()).isEqualTo(loggedIn));
  }

  @ParameterizedTest(name = "{0} into {1} mode")
  @MethodSource("cases")
  void ownSessionWinsOverALegacyCookieAlsoPresentedWhichIsCleared(NodeApp from, SessionMode mode) {
    SessionManager m = migrating(from, mode);
    String own = cookies(request(m, nodeLogin(from, "ada"), s -> s.get("passport")));
    String other = nodeLogin(from, "bob");

    TestExchange both = TestExchange.withCookieHeader(own + "; " + other);
    Session s = m.load(both).toCompletableFuture().join();
    assertThat(s.get("passport")).isEqualTo(PASSPORT);
    m.commit(both, s).toCompletableFuture().join();

    assertLegacyCleared(from, both);
    assertThat(imports).hasSize(1); // the first import only
    assertThat(SessionTrace.of(s).lines()).contains("migration: the request's own session wins; legacy cookie "
        + from.packageName() + "'s " + from.defaultCookieName() + " cleared");
  }

  @ParameterizedTest(name = "{0} into {1} mode")
  @MethodSource("cases")
  void tamperedLegacyCookieIsNoSession(NodeApp from, SessionMode mode) {
    String legacy = nodeLogin(from, "ada");
    // another user's name in the payload (cookie packages), or the id under a guessed secret (express-session)
    String tampered = from == NodeApp.EXPRESS_SESSION
        ? "connect.sid=" + ExpressSessionCookie.cookieValue(expressId(legacy), "guess")
        : from.store() ? legacy.replace(from.id(legacy), java.util.UUID.randomUUID().toString())
        : legacy.replaceFirst("=([A-Za-z0-9+/=]+);", "=" + java.util.Base64.getEncoder()
            .encodeToString("{\"passport\":{\"user\":\"root\"}}".getBytes()) + ";");
    assertThat(tampered).isNotEqualTo(legacy);

    TestExchange ex = request(migrating(from, mode), tampered, s -> {
      assertThat(s.get("passport")).isNull();
      assertThat(s.isNew()).isTrue();
    });

    assertThat(ex.setCookies()).as("nothing sent for an empty new session").isEmpty();
    assertThat(rejections).containsExactly(IdRejection.BAD_SIGNATURE);
    assertThat(imports).isEmpty();
    if (from.store()) {
      assertThat(nodeStore.get(from.id(legacy)).toCompletableFuture().join()).isPresent();
    }
  }

  @ParameterizedTest(name = "{0} into store mode")
  @EnumSource(NodeApp.class)
  void lazyRequestThatNeverUsesItsSessionPaysNoLegacyLoadAndChangesNothing(NodeApp from) {
    String legacy = nodeLogin(from, "ada");
    SessionManager m = migrating(from, SessionMode.STORE);

    TestExchange idle = TestExchange.withCookieHeader(legacy);
    Session s = m.open(idle);
    m.commit(idle, s).toCompletableFuture().join();
    assertThat(idle.setCookies()).as("no Set-Cookie at all").isEmpty();
    assertThat(SessionTrace.of(s).summary()).contains("never used its session");
    assertThat(imports).isEmpty();
    assertThat(legacyStore.calls(ScriptedStore.Op.GET)).as("no legacy store read").isZero();
    assertThat(ours.length().toCompletableFuture().join()).isZero();

    TestExchange used = TestExchange.withCookieHeader(legacy);
    Session u = m.open(used);
    assertThat(u.get("passport")).isEqualTo(PASSPORT);
    m.commit(used, u).toCompletableFuture().join();
    assertThat(used.setCookie("sid")).isNotNull();
    assertLegacyCleared(from, used);
  }

  @Test
  void expressSessionIntoOurCookieModeIsReadOnFirstUseOfALazySession() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    SessionManager m = migrating(NodeApp.EXPRESS_SESSION, SessionMode.COOKIE);

    TestExchange idle = TestExchange.withCookieHeader(legacy);
    m.commit(idle, m.open(idle)).toCompletableFuture().join();
    assertThat(idle.setCookies()).isEmpty();

    TestExchange used = TestExchange.withCookieHeader(legacy);
    Session s = m.open(used);
    assertThat(s.get("passport")).isEqualTo(PASSPORT);
    m.commit(used, s).toCompletableFuture().join();
    assertThat(used.setCookie("sid")).isNotNull();
    assertLegacyCleared(NodeApp.EXPRESS_SESSION, used);
    assertThat(nodeStore.get(expressId(legacy)).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void traceSaysWhatTheImportDid() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    SessionManager m = migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE);
    TestExchange ex = TestExchange.withCookieHeader(legacy);
    Session s = m.load(ex).toCompletableFuture().join();
    m.commit(ex, s).toCompletableFuture().join();

    SessionTrace trace = SessionTrace.of(s);
    assertThat(trace.load()).isEqualTo(SessionTrace.Load.IMPORTED);
    assertThat(trace.store()).isEqualTo(SessionTrace.StoreOutcome.INSERTED);
    assertThat(trace.lines()).contains(
        "migration: legacy session found in express-session's connect.sid; it moves into a new session when this one is written",
        "migration: session imported from express-session's connect.sid; legacy cookie cleared, legacy record destroyed");
  }

  @Test
  void importedSessionDestroyedAtOnceRetiresTheLegacySessionToo() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    TestExchange ex = request(migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE), legacy, Session::destroy);
    assertThat(cookies(ex)).as("no live session cookie").doesNotContain("sid=");
    assertLegacyCleared(NodeApp.EXPRESS_SESSION, ex);
    assertThat(nodeStore.get(expressId(legacy)).toCompletableFuture().join()).isEmpty();
    assertThat(imports).isEmpty(); // nothing was moved
  }

  @Test
  void legacyRecordThatIsGoneIsNoSessionAndItsCookieIsKept() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    nodeStore.destroy(expressId(legacy)).toCompletableFuture().join();
    TestExchange ex = request(migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE), legacy,
        s -> assertThat(s.get("passport")).isNull());
    assertThat(ex.setCookies()).isEmpty();
    assertThat(rejections).containsExactly(IdRejection.UNKNOWN);
  }

  @Test
  void legacyStoreThatFailsLeavesTheLegacySessionForALaterRequest() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    SessionManager m = migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE);
    legacyStore.fail(ScriptedStore.Op.GET);
    TestExchange down = request(m, legacy, s -> assertThat(s.get("passport")).isNull());
    assertThat(down.setCookies()).as("legacy cookie kept").isEmpty();

    legacyStore.recover();
    TestExchange up = request(m, legacy, s -> assertThat(s.get("passport")).isEqualTo(PASSPORT));
    assertThat(up.setCookie("sid")).isNotNull();
  }

  @Test
  void importNotWrittenBecauseOurStoreFailedKeepsTheLegacySession() {
    String legacy = nodeLogin(NodeApp.EXPRESS_SESSION, "ada");
    ScriptedStore own = ScriptedStore.over(ours);
    SessionManager m = migrating(NodeApp.EXPRESS_SESSION, SessionMode.STORE,
        b -> b.store(own).storeFailurePolicy(StoreFailurePolicy.CONTINUE));
    own.fail(ScriptedStore.Op.SAVE);

    TestExchange failed = request(m, legacy, s -> assertThat(s.get("passport")).isEqualTo(PASSPORT));
    assertThat(failed.setCookies()).as("neither our cookie nor the legacy one's clearing").isEmpty();
    assertThat(nodeStore.get(expressId(legacy)).toCompletableFuture().join()).isPresent();
    assertThat(imports).isEmpty();

    own.recover();
    TestExchange written = request(m, legacy, s -> assertThat(s.get("passport")).isEqualTo(PASSPORT));
    assertThat(written.setCookie("sid")).isNotNull();
    assertLegacyCleared(NodeApp.EXPRESS_SESSION, written);
    assertThat(nodeStore.get(expressId(legacy)).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void startupValidationSaysWhatToChange() {
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).compat(NodeCompat.EXPRESS_SESSION)
        .compatSecrets("x").migrateFrom(NodeCompat.EXPRESS_SESSION, "x").migrateStore(nodeStore).build())
        .hasMessageContaining("migrateFrom=express-session reads the Node format beside sessions4j's own, while "
            + "compat=express-session writes the Node format instead of it");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateFrom(NodeCompat.EXPRESS_SESSION, "x").build())
        .hasMessageContaining("migrateFrom=express-session needs migrateStore");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).store(ours)
        .migrateFrom(NodeCompat.EXPRESS_SESSION, "x").migrateStore(ours).build())
        .hasMessageContaining("migrateStore must not be the engine's own store");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateFrom(NodeCompat.COOKIE_SESSION).build())
        .hasMessageContaining("migrateFrom=cookie-session needs migrateSecrets");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateFrom(NodeCompat.COOKIE_SESSION, "a")
        .migrateStore(nodeStore).build())
        .hasMessageContaining("migrateFrom=cookie-session keeps the whole session in the cookie: remove migrateStore");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateSecrets("a").build())
        .hasMessageContaining("migrateSecrets are only used with migrateFrom");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateStore(nodeStore).build())
        .hasMessageContaining("migrateStore is only used with migrateFrom (express-session, or koa-session on a store)");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).cookieName("session")
        .migrateFrom(NodeCompat.COOKIE_SESSION, "a").build())
        .hasMessageContaining("the Node cookie session and sessions4j's cookieName session must differ");
    assertThatThrownBy(() -> SessionConfig.builder().keys(KEY).migrateFrom(NodeCompat.KOA_SESSION, "a")
        .migrateCookieName("bad name").build())
        .hasMessageContaining("migrateFrom=koa-session: the Node side: migrateCookieName 'bad name' is not a valid cookie name");
    assertThatThrownBy(() -> SessionConfig.builder().mode(SessionMode.COOKIE).migrateFrom(NodeCompat.KOA_SESSION, "a").build())
        .as("our own cookie mode still needs our keys").hasMessageContaining("mode=COOKIE needs keys");
  }

  @Test
  void stringOptionsConfigureTheMigration() {
    SessionConfig config = SessionProperties.toBuilder(Map.of("keys", KEY, "mode", "cookie",
        "migrateFrom", "koa-session", "migrateSecrets", "[\"new\",\"old\"]", "migrateCookieName", "app.sess"))
        .build();
    assertThat(config.migrateFrom()).isEqualTo(NodeCompat.KOA_SESSION);
    assertThat(config.migrateSecretCount()).isEqualTo(2);
    assertThat(config.migrateCookieName()).isEqualTo("app.sess");
    assertThat(config.toString()).contains("migrateFrom=koa-session, migrateSecrets=2, migrateCookieName=app.sess")
        .doesNotContain("old");
  }
}
