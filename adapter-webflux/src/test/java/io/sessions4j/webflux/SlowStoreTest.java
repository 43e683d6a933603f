package io.sessions4j.webflux;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.SlowStoreContract;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/** The slow-store contract on Reactor Netty with a single event-loop thread. */
class SlowStoreTest extends SlowStoreContract {

  @Override
  protected Server start() {
    ScriptedStore store = ScriptedStore.over(MemoryStore.builder().build());
    SessionManager sessions = SessionManager.create(SessionConfig.builder().store(store).build());
    TestServer server = TestServer.start(WebHttpHandlerBuilder.webHandler(SlowStoreTest::route)
        .sessionManager(new SessionsWebSessionManager(sessions))
        .exceptionHandler(new SessionFailureHandler())
        .build(), 1);
    return new Server(store, server::uri, () -> {
      server.close();
      sessions.close();
    });
  }

  /** The contract's routes. */
  private static Mono<Void> route(ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().value();
    if (path.equals("/untouched")) {
      return write(exchange.getResponse(), "untouched");
    }
    return exchange.getSession().flatMap(session -> {
      String body;
      switch (path) {
        case "/thread" -> body = Thread.currentThread().getName();
        case "/set" -> {
          exchange.getRequest().getQueryParams().toSingleValueMap().forEach(session.getAttributes()::put);
          body = "ok";
        }
        case "/view" -> body = new TreeMap<>(session.getAttributes()).toString();
        case "/change-id" -> {
          return session.changeSessionId().then(write(exchange.getResponse(), "ok"));
        }
        case "/destroy" -> {
          return session.invalidate().then(write(exchange.getResponse(), "ok"));
        }
        default -> body = "no route";
      }
      return write(exchange.getResponse(), body);
    });
  }

  private static Mono<Void> write(ServerHttpResponse response, String body) {
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
  }
}
