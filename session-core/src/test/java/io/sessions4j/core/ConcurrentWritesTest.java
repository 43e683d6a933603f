package io.sessions4j.core;

import static io.sessions4j.core.StoreModeEngineTest.commit;
import static io.sessions4j.core.StoreModeEngineTest.load;
import static io.sessions4j.core.StoreModeEngineTest.request;
import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static io.sessions4j.testing.ScriptedStore.Op.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the engine writes a session that other requests change at the same time: each request sends
 * the store one patch of what it changed, applied to the record as it stands — no read-back, no
 * retry — so requests of one session queue instead of spinning, and none loses another's change.
 */
class ConcurrentWritesTest {
  static final String KEY = StoreModeEngineTest.KEY;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ScriptedStore store = ScriptedStore.over(MemoryStore.builder().clock(clock).promptExpiry(false).build());
  final SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).clock(clock).build());

  record Pending(TestExchange exchange, Session session) {}

  Pending loadWith(String cookie) {
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    return new Pending(ex, load(manager, ex));
  }

  String newSessionCookie() {
    return request(manager, null, s -> s.put("seed", "x")).sessionCookie("sid");
  }

  @Test
  void requestsLoadedTogetherEachWriteOnceWithoutReadingBackAndKeepEveryChange() {
    String cookie = newSessionCookie();
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pending.add(loadWith(cookie));
    }
    for (int i = 0; i < pending.size(); i++) {
      pending.get(i).session().put("writer" + i, i);
    }
    int getsBefore = store.calls(GET);
    int savesBefore = store.calls(SAVE, UPDATE);

    pending.forEach(p -> commit(manager, p.exchange(), p.session()));

    assertThat(store.calls(GET) - getsBefore).as("reads during the commits").isZero();
    assertThat(store.calls(SAVE, UPDATE) - savesBefore).as("writes: one per request").isEqualTo(8);
    Session after = load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(after.get("seed")).isEqualTo("x");
    for (int i = 0; i < 8; i++) {
      assertThat(after.get("writer" + i)).isEqualTo(i);
    }
  }

  @Test
  void theSameAttributeWrittenByTwoRequestsKeepsTheLastWrite() {
    String cookie = newSessionCookie();
    Pending first = loadWith(cookie);
    Pending second = loadWith(cookie);
    first.session().put("color", "red");
    second.session().put("color", "blue");

    commit(manager, first.exchange(), first.session());
    commit(manager, second.exchange(), second.session());

    assertThat(load(manager, TestExchange.withCookieHeader(cookie)).get("color")).isEqualTo("blue");
  }

  @Test
  void aRemovalAndAConcurrentSetOfAnotherAttributeBothLand() {
    String cookie = request(manager, null, s -> {
      s.put("flash", "saved");
      s.put("cart", "1");
    }).sessionCookie("sid");
    Pending reader = loadWith(cookie);
    Pending shopper = loadWith(cookie);
    reader.session().remove("flash");
    shopper.session().put("cart", "2");

    commit(manager, reader.exchange(), reader.session());
    commit(manager, shopper.exchange(), shopper.session());

    Session after = load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(after.names()).containsExactlyInAnyOrder("cart");
    assertThat(after.get("cart")).isEqualTo("2");
  }

  @Test
  void aWriteInFlightWhenTheSessionIsDestroyedDoesNotBringItBack() {
    String cookie = newSessionCookie();
    Pending late = loadWith(cookie);
    String id = late.session().id();
    late.session().put("late", true);
    request(manager, cookie, Session::destroy);

    commit(manager, late.exchange(), late.session());

    assertThat(store.delegate().get(id).toCompletableFuture().join()).isEmpty();
    assertThat(late.exchange().setCookies()).as("no cookie for a session that is gone").isEmpty();
  }

  @Test
  void changeIdTakesAlongWhatAnotherRequestWroteMeanwhile() {
    String cookie = newSessionCookie();
    Pending login = loadWith(cookie);
    String oldId = login.session().id();
    request(manager, cookie, s -> s.put("cart", "book"));
    login.session().changeId();
    login.session().put("user", "ada");

    commit(manager, login.exchange(), login.session());

    String newCookie = login.exchange().sessionCookie("sid");
    Session after = load(manager, TestExchange.withCookieHeader(newCookie));
    assertThat(after.id()).isNotEqualTo(oldId);
    assertThat(after.get("user")).isEqualTo("ada");
    assertThat(after.get("cart")).as("the concurrent request's change moved to the new id").isEqualTo("book");
    assertThat(after.get("seed")).isEqualTo("x");
    assertThat(store.delegate().get(oldId).toCompletableFuture().join()).isEmpty();
  }

  @Test
  void aSecondSaveInOneRequestKeepsWhatAnotherRequestWroteBetween() {
    String cookie = newSessionCookie();
    Pending longRequest = loadWith(cookie);
    request(manager, cookie, s -> s.put("other", "x"));
    longRequest.session().put("first", 1);
    longRequest.session().save().toCompletableFuture().join();

    longRequest.session().put("second", 2);
    commit(manager, longRequest.exchange(), longRequest.session());

    Session after = load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(after.get("other")).as("the other request's change").isEqualTo("x");
    assertThat(after.get("first")).isEqualTo(1);
    assertThat(after.get("second")).isEqualTo(2);
  }

  @Test
  void aWriteThatMeetsNoOtherWriterStoresTheWritersOwnDocument() {
    String cookie = newSessionCookie();
    Pending only = loadWith(cookie);
    only.session().put("n", 1);

    commit(manager, only.exchange(), only.session());

    Session after = load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(after.names()).containsExactlyInAnyOrder("seed", "n");
    assertThat(after.get("n")).isEqualTo(1);
  }

  @Test
  void aStoreWithOnlyVersionedSavesStillLosesNoChange() {
    // a third-party store that implements only the required operations: update/take use the SPI's fallback
    SessionStore versionedOnly = ScriptedStore.requiredOperationsOnly(MemoryStore.builder().clock(clock).promptExpiry(false).build());
    SessionManager m = SessionManager.create(SessionConfig.builder().keys(KEY).store(versionedOnly).clock(clock).build());
    String cookie = request(m, null, s -> s.put("seed", "x")).sessionCookie("sid");
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestExchange ex = TestExchange.withCookieHeader(cookie);
      pending.add(new Pending(ex, load(m, ex)));
      pending.get(i).session().put("writer" + i, i);
    }

    pending.forEach(p -> commit(m, p.exchange(), p.session()));

    Session after = load(m, TestExchange.withCookieHeader(cookie));
    for (int i = 0; i < 4; i++) {
      assertThat(after.get("writer" + i)).isEqualTo(i);
    }
  }
}
