package io.sessions4j.core;

import static io.sessions4j.core.StoreModeEngineTest.load;
import static io.sessions4j.core.StoreModeEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionManager#withoutPresentedSession}: the engine hides exactly the request headers it
 * reads a session from, so a load through it starts a new session (a servlet request after {@code
 * invalidate()}), while the response is still the request's own.
 */
class WithoutPresentedSessionTest {
  static final String KEY = StoreModeEngineTest.KEY;

  SessionManager manager(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(MemoryStore.builder().build()))
        .build());
  }

  @Test
  void aSessionPresentedByCookieIsHiddenAndTheNewOnesCookieReachesTheResponse() {
    SessionManager m = manager(b -> b);
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = TestExchange.request().cookieHeader(cookie).header("Accept", "text/html").build();
    assertThat(load(m, ex).isNew()).isFalse();

    HttpExchange hidden = m.withoutPresentedSession(ex);
    Session fresh = m.load(hidden).toCompletableFuture().join();
    assertThat(fresh.isNew()).isTrue();
    assertThat(fresh.names()).isEmpty();
    fresh.put("b", 2);
    m.commit(hidden, fresh).toCompletableFuture().join();

    assertThat(hidden.requestHeader("Accept")).isEqualTo("text/html");
    assertThat(hidden.requestHeaders("cookie")).isEmpty();
    assertThat(ex.sessionCookie("sid")).isNotNull().isNotEqualTo(cookie);
  }

  @Test
  void aSessionPresentedByTheIdHeaderIsHidden() {
    SessionManager m = manager(b -> b.idHeader("X-Session").idCookie(false));
    String token = request(m, null, s -> s.put("a", 1)).responseHeaders("X-Session").get(0);
    TestExchange ex = TestExchange.withHeader("X-Session", token);
    assertThat(load(m, ex).isNew()).isFalse();

    assertThat(m.load(m.withoutPresentedSession(ex)).toCompletableFuture().join().isNew()).isTrue();
  }

  @Test
  void aCookieModeSessionIsHidden() {
    SessionManager m = SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).build());
    String cookie = request(m, null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = TestExchange.withCookieHeader(cookie);
    assertThat(load(m, ex).isNew()).isFalse();

    Session fresh = m.load(m.withoutPresentedSession(ex)).toCompletableFuture().join();

    assertThat(fresh.isNew()).isTrue();
    assertThat(fresh.names()).isEmpty();
  }
}
