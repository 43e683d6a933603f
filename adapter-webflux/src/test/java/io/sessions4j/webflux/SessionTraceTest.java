package io.sessions4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionTrace;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * The decision trace through WebFlux: {@code Sessions.trace(exchange)} and the exchange attribute
 * {@value SessionTrace#REQUEST_ATTRIBUTE} for the handler, and the {@code Sessions4j-Trace} response
 * header written with the commit.
 */
class SessionTraceTest {
  SessionManager sessions;
  TestServer server;
  TestBrowser browser;

  @BeforeEach
  void start() {
    sessions = SessionManager.create(SessionConfig.builder()
        .keys("webflux-trace-test-key-0123456789abcdef").traceHeader(true).build());
    server = TestServer.start(WebHttpHandlerBuilder.webHandler(SessionTraceTest::route)
        .sessionManager(new SessionsWebSessionManager(sessions))
        .exceptionHandler(new SessionFailureHandler())
        .build(), 1);
    browser = new TestBrowser(server);
  }

  @AfterEach
  void stop() {
    server.close();
    sessions.close();
  }

  /** Puts the cart, then answers whether the trace is the exchange attribute, and what it says now. */
  private static Mono<Void> route(ServerWebExchange exchange) {
    return exchange.getSession().flatMap(session -> {
      session.getAttributes().put("cart", "apple");
      SessionTrace trace = Sessions.trace(exchange).orElseThrow();
      String body = (trace == exchange.getAttribute(SessionTrace.REQUEST_ATTRIBUTE)) + "\n" + trace.summary();
      ServerHttpResponse response = exchange.getResponse();
      return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    });
  }

  @Test
  void theHandlerSeesThePlannedCommitAndTheHeaderWhatWasDone() throws Exception {
    HttpResponse<String> cart = browser.get("/cart");

    assertThat(cart.body()).startsWith("true\n")
        .contains("commit (planned): store write (new record), Set-Cookie: new session with data");
    assertThat(cart.headers().firstValue(SessionTrace.HEADER)).get().asString()
        .contains("commit: store written (new record), Set-Cookie sent: new session with data");
  }
}
