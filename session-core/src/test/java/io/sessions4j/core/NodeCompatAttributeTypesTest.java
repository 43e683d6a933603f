package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Registered types in the Node formats: a value Java stored as its class comes back as that class
 * on the next request (the type travels beside the Node JSON), while Node sees the plain JSON; the
 * field names a Node format keeps for itself are refused when set, not when the session is written.
 */
class NodeCompatAttributeTypesTest {
  record Cart(List<String> items) {}

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T19:30:00Z"));

  SessionManager cookieManager(NodeCompat compat) {
    return SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).compat(compat).compatSecrets("a", "b")
        .allowType("cart", Cart.class).maxAge(Duration.ofHours(1)).clock(clock).build());
  }

  static TestExchange request(SessionManager m, String cookieHeader, Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookieHeader);
    Session s = m.load(ex).toCompletableFuture().join();
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  @Test
  void aRegisteredTypeComesBackAsItselfInTheCookieFormats() throws Exception {
    for (NodeCompat compat : List.of(NodeCompat.COOKIE_SESSION, NodeCompat.KOA_SESSION)) {
      SessionManager m = cookieManager(compat);
      TestExchange first = request(m, null, s -> s.put("cart", new Cart(List.of("apple"))));
      String cookies = NodeCookieCompatEngineTest.cookieHeader(first.setCookies());
      request(m, cookies, s -> assertThat(s.get("cart")).as(compat.packageName()).isEqualTo(new Cart(List.of("apple"))));

      // what Node reads: the bean's JSON, and the type table as one more field
      String name = compat.defaultCookieName();
      String value = first.sessionCookie(name).substring(name.length() + 1);
      JsonNode payload = new ObjectMapper().readTree(Base64.getDecoder().decode(value));
      assertThat(payload.get("cart").toString()).isEqualTo("{\"items\":[\"apple\"]}");
      assertThat(payload.get("sessions4j:types").toString()).isEqualTo("{\"cart\":\"cart\"}");
    }
  }

  @Test
  void fieldsTheNodeFormatKeepsForItselfAreRefusedWhenSet() {
    MemoryStore store = MemoryStore.builder().clock(clock).build();
    SessionManager express = SessionManager.create(SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION)
        .compatSecrets("keyboard cat").store(store).clock(clock).build());
    for (String reserved : List.of("cookie", "sessions4j:types")) {
      request(express, null, s -> assertThatThrownBy(() -> s.put(reserved, "x"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + reserved + "'")
          .hasMessageContaining("express-session"));
    }
    SessionManager koa = cookieManager(NodeCompat.KOA_SESSION);
    // koa-session drops every field starting with '_' when it saves: its own, and any attribute
    for (String reserved : List.of("_expire", "_maxAge", "_session", "_csrfSecret", "sessions4j:types")) {
      request(koa, null, s -> assertThatThrownBy(() -> s.put(reserved, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("koa-session"));
    }
    // with compat off these are ordinary names
    SessionManager own = SessionManager.create(SessionConfig.builder().store(store).clock(clock).build());
    request(own, null, s -> {
      s.put("cookie", "x");
      s.put("_expire", 1);
      assertThat(s.get("cookie")).isEqualTo("x");
    });
  }
}
