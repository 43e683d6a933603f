package io.sessions4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionUnavailableException;
import io.sessions4j.core.store.memory.MemoryStore;
import org.junit.jupiter.api.Test;

/** The README's example, as written there. */
class ReadmeExampleTest {

  @Test
  void theEngineWithoutAServer() {
    ScriptedStore store = ScriptedStore.over(MemoryStore.builder().build());
    SessionManager manager = SessionManager.create(SessionConfig.builder().store(store).build());

    TestExchange login = new TestExchange();
    Session session = manager.load(login).toCompletableFuture().join();
    session.put("user", "ada");
    manager.commit(login, session).toCompletableFuture().join();
    String cookie = login.sessionCookie("sid");                 // "sid=…", for the next request

    store.fail(ScriptedStore.Op.GET);                           // the store goes down
    TestExchange next = TestExchange.withCookieHeader(cookie);
    assertThatThrownBy(() -> manager.load(next).toCompletableFuture().join())
        .hasCauseInstanceOf(SessionUnavailableException.class); // storeFailurePolicy FAIL (the default)
    assertThat(store.calls(ScriptedStore.Op.SAVE, ScriptedStore.Op.UPDATE)).isEqualTo(1);
    store.close();
  }
}
