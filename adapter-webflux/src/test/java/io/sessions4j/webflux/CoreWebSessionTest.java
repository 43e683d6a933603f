package io.sessions4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spring's {@code WebSession} as a view of the core session: what each method does to it. */
class CoreWebSessionTest {
  SessionManager store = SessionManager.create(SessionConfig.builder().build());
  SessionManager cookie = SessionManager.create(SessionConfig.builder()
      .mode(SessionMode.COOKIE).keys("a-test-key-of-at-least-thirty-two-bytes!").build());

  @AfterEach
  void close() {
    store.close();
    cookie.close();
  }

  private static Session load(SessionManager manager) {
    return manager.load(new TestExchange()).toCompletableFuture().join();
  }

  @Test
  void theAttributeMapReadsAndWritesTheSession() {
    Session session = load(store);
    CoreWebSession web = new CoreWebSession(session);
    Map<String, Object> attributes = web.getAttributes();

    assertThat(attributes.put("user", "ada")).isNull();
    assertThat(attributes.put("user", "grace")).isEqualTo("ada");
    attributes.put("cart", List.of("apple"));
    attributes.put("gone", "soon");

    assertThat(session.get("user")).isEqualTo("grace");
    assertThat(web.<List<String>>getAttribute("cart")).containsExactly("apple");
    assertThat(attributes.remove("gone")).isEqualTo("soon");
    assertThat(attributes).containsOnlyKeys("user", "cart").hasSize(2);
    assertThat(attributes.containsKey("gone")).isFalse();
    assertThat(session.names()).containsExactly("user", "cart");
  }

  @Test
  void puttingNullRemovesAndTheEntryIteratorRemoves() {
    Session session = load(store);
    Map<String, Object> attributes = new CoreWebSession(session).getAttributes();
    attributes.put("a", 1);
    attributes.put("b", 2);

    attributes.put("a", null);
    Iterator<Map.Entry<String, Object>> entries = attributes.entrySet().iterator();
    Map.Entry<String, Object> b = entries.next();
    entries.remove();

    assertThat(b.getKey()).isEqualTo("b");
    assertThat(session.names()).isEmpty();
    assertThat(attributes).isEmpty();
  }

  @Test
  void aValueTheCoreCannotStoreIsRefusedWhereItIsPut() {
    Map<String, Object> attributes = new CoreWebSession(load(store)).getAttributes();

    assertThatThrownBy(() -> attributes.put("thread", new Object())).isInstanceOf(IllegalArgumentException.class);
    assertThat(attributes).isEmpty();
  }

  @Test
  void lifecycleMethodsAreTheEnginesOperations() {
    Session session = load(store);
    CoreWebSession web = new CoreWebSession(session);
    web.getAttributes().put("user", "ada");
    String before = web.getId();

    web.changeSessionId().block();
    assertThat(web.getId()).isNotEqualTo(before);
    assertThat(session.get("user")).isEqualTo("ada");

    web.invalidate().block();
    assertThat(session.isDestroyed()).isTrue();
    assertThat(web.isExpired()).isTrue();
  }

  @Test
  void startedMeansStartedFromTheClientOrHoldingData() {
    CoreWebSession empty = new CoreWebSession(load(store));
    CoreWebSession started = new CoreWebSession(load(store));
    CoreWebSession holding = new CoreWebSession(load(store));

    started.start();
    holding.getAttributes().put("k", "v");

    assertThat(empty.isStarted()).isFalse();
    assertThat(started.isStarted()).isTrue();
    assertThat(holding.isStarted()).isTrue();
  }

  @Test
  void maxIdleTimeIsThePerSessionMaxAgeAndNegativeMeansABrowserSessionCookie() {
    Session session = load(store);
    CoreWebSession web = new CoreWebSession(session);

    web.setMaxIdleTime(Duration.ofMinutes(5));
    assertThat(session.maxAge()).hasValue(Duration.ofMinutes(5));
    assertThat(web.getMaxIdleTime()).isEqualTo(Duration.ofMinutes(5));

    web.setMaxIdleTime(Duration.ofSeconds(-1));
    assertThat(session.maxAge()).isEmpty();
    assertThat(web.getMaxIdleTime()).isEqualTo(Duration.ofSeconds(-1));
  }

  @Test
  void aCookieModeSessionHasAnOpaqueIdStableForTheRequest() {
    CoreWebSession one = new CoreWebSession(load(cookie));
    CoreWebSession other = new CoreWebSession(load(cookie));

    assertThat(one.getId()).isNotBlank().isEqualTo(one.getId()).isNotEqualTo(other.getId());
  }

  @Test
  void toStringNeverShowsTheWholeId() {
    CoreWebSession web = new CoreWebSession(load(store));

    assertThat(web.toString()).doesNotContain(web.getId()).contains(web.getId().substring(0, 6));
  }
}
