package io.sessions4j.store.redis;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.testing.TestExchange;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs requests through the real engine ({@link SessionManager}) on a given store. */
final class EngineRequests {
  /** The header the engine reads the id from and sends a new id back in (no cookies involved). */
  static final String ID_HEADER = "X-Session-Id";
  static final String PRINCIPAL_ATTRIBUTE = "user";

  private EngineRequests() {}

  /** Store mode, the id in a header (no cookie codec involved), principal attribute "user". */
  static SessionConfig.Builder config(SessionStore store) {
    return SessionConfig.builder()
        .store(store)
        .idCookie(false)
        .idHeader(ID_HEADER)
        .principalAttribute(PRINCIPAL_ATTRIBUTE);
  }

  /** One request presenting {@code id} (null: none); returns the exchange after commit. */
  static TestExchange request(SessionManager engine, String id, Consumer<Session> handler) throws Exception {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, id);
    Session session = engine.load(exchange).toCompletableFuture().get(30, TimeUnit.SECONDS);
    handler.accept(session);
    engine.commit(exchange, session).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return exchange;
  }

  /** A loaded session whose commit the caller runs later (to interleave requests deterministically). */
  record InFlight(TestExchange exchange, Session session) {
    void commit(SessionManager engine) throws Exception {
      engine.commit(exchange, session).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static InFlight load(SessionManager engine, String id) throws Exception {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, id);
    return new InFlight(exchange, engine.load(exchange).toCompletableFuture().get(30, TimeUnit.SECONDS));
  }
}
