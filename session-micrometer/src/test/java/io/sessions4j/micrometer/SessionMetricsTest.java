package io.sessions4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The meters read from a {@link SimpleMeterRegistry} after scripted traffic through an engine. */
class SessionMetricsTest {
  static final String KEY = "metrics-test-key-0123456789abcdef-xyz";
  final MeterRegistry registry = new SimpleMeterRegistry();

  static TestExchange request(SessionManager m, String cookie, Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    Session s = m.open(ex);
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  Timer timer(String operation, String outcome) {
    return registry.get("sessions4j.store.operations").tags("operation", operation, "outcome", outcome).timer();
  }

  @Test
  void lifecycleStoreCallsFailuresAndATamperedCookieAreCounted() {
    ScriptedStore store = ScriptedStore.over(MemoryStore.builder().build());
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).store(store)
        .storeFailurePolicy(StoreFailurePolicy.CONTINUE).build());
    new SessionMetrics(manager).bindTo(registry);

    String cookie = request(manager, null, s -> s.put("user", "ada")).sessionCookie("sid");
    request(manager, cookie, s -> s.put("cart", "apple"));
    request(manager, cookie, Session::changeId);
    String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "BB" : "AA");
    request(manager, tampered, s -> s.get("user"));
    String second = request(manager, null, s -> s.put("user", "grace")).sessionCookie("sid");
    store.fail(ScriptedStore.Op.GET);
    request(manager, second, s -> s.get("user"));
    store.recover();
    request(manager, second, Session::destroy);

    assertThat(count("sessions4j.sessions.created", "store", "scripted")).isEqualTo(2);
    assertThat(count("sessions4j.sessions.id.changed")).isEqualTo(1);
    assertThat(count("sessions4j.sessions.destroyed")).isEqualTo(1);
    assertThat(count("sessions4j.ids.rejected", "reason", "bad_signature")).isEqualTo(1);
    assertThat(count("sessions4j.ids.rejected", "reason", "unknown")).isZero();
    assertThat(count("sessions4j.store.failures", "policy", "continue", "phase", "load")).isEqualTo(1);
    assertThat(timer("save", "success").count()).as("two new sessions and the changed id").isEqualTo(3);
    assertThat(timer("update", "success").count()).isEqualTo(1);
    assertThat(timer("get", "success").count()).isEqualTo(3);
    assertThat(timer("get", "failure").count()).isEqualTo(1);
    assertThat(timer("take", "success").count()).isEqualTo(1);
    assertThat(registry.get("sessions4j.document.size").tags("access", "write").summary().count())
        .as("two new sessions, the changed id's record, the cart's new document").isEqualTo(4);
    assertThat(registry.get("sessions4j.document.size").tags("access", "read").summary().totalAmount()).isPositive();
  }

  @Test
  void sessionsImportedFromANodePackageAreCountedByPackage() {
    SessionManager node = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE)
        .compat(NodeCompat.COOKIE_SESSION).compatSecrets("a").build());
    TestExchange login = TestExchange.withCookieHeader(null);
    Session s = node.load(login).toCompletableFuture().join();
    s.put("user", "ada");
    node.commit(login, s).toCompletableFuture().join();
    String legacy = login.sessionCookie("session") + "; " + login.sessionCookie("session.sig");
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY)
        .migrateFrom(NodeCompat.COOKIE_SESSION, "a").build());
    new SessionMetrics(manager).bindTo(registry);

    request(manager, legacy, session -> assertThat(session.get("user")).isEqualTo("ada"));
    // a cookie-session cookie has nothing server-side to retire: replayed, it is imported again
    request(manager, legacy, session -> session.get("user"));

    assertThat(count("sessions4j.sessions.imported", "from", "cookie-session")).isEqualTo(2);
    assertThat(count("sessions4j.sessions.created")).isEqualTo(2);
  }

  @Test
  void theMemoryStoreHasAnActiveSessionsGauge() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).build());
    new SessionMetrics(manager).bindTo(registry);
    request(manager, null, s -> s.put("user", "ada"));
    request(manager, null, s -> s.put("user", "grace"));
    request(manager, null, s -> s.get("nothing"));

    assertThat(registry.get("sessions4j.sessions.active").tags("store", "memory").gauge().value()).isEqualTo(2);
  }

  @Test
  void cookieModeMeasuresCookiesAndCountsOverflows() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).mode(SessionMode.COOKIE)
        .maxCookieSize(600).cookieOverflow(CookieOverflow.KEEP_PREVIOUS).build());
    new SessionMetrics(manager).bindTo(registry);

    request(manager, null, s -> s.put("user", "ada"));
    request(manager, null, s -> s.put("big", "x".repeat(2000)));
    request(manager, "sid=s1.forged", s -> s.get("user"));

    assertThat(registry.get("sessions4j.cookie.size").tags("store", "cookie").summary().count()).isEqualTo(1);
    assertThat(count("sessions4j.cookie.overflows", "policy", "keep_previous")).isEqualTo(1);
    assertThat(registry.find("sessions4j.ids.rejected").counters().stream().mapToDouble(c -> c.count()).sum())
        .isEqualTo(1);
    assertThat(registry.find("sessions4j.store.operations").timers()).isEmpty();
  }

  @Test
  void concurrentWritesAreCountedByOutcome() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).build());
    new SessionMetrics(manager).bindTo(registry);
    String cookie = request(manager, null, s -> s.put("user", "ada")).sessionCookie("sid");
    TestExchange slowEx = TestExchange.withCookieHeader(cookie);
    Session slow = manager.load(slowEx).toCompletableFuture().join();
    slow.put("a", 1);
    request(manager, cookie, s -> s.put("b", 2));

    manager.commit(slowEx, slow).toCompletableFuture().join();

    assertThat(count("sessions4j.writes.concurrent", "outcome", "merged")).isEqualTo(1);
  }

  @Test
  void afterCloseNothingMoreIsRecorded() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).build());
    SessionMetrics metrics = new SessionMetrics(manager);
    metrics.bindTo(registry);
    request(manager, null, s -> s.put("user", "ada"));
    metrics.close();
    request(manager, null, s -> s.put("user", "grace"));

    assertThat(count("sessions4j.sessions.created")).isEqualTo(1);
  }
}
