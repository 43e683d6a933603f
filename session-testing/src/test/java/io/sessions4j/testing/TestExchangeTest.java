package io.sessions4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestExchangeTest {

  @Test
  void requestPartsGoInAsBuilt() {
    TestExchange exchange = TestExchange.request()
        .header("X-Forwarded-Proto", "https")
        .cookie("a", "1")
        .cookie("b", "2")
        .secure(true)
        .remoteAddress("10.0.0.7")
        .build();

    assertThat(exchange.requestHeaders("x-forwarded-proto")).containsExactly("https");
    assertThat(exchange.requestHeader("Cookie")).isEqualTo("a=1; b=2");
    assertThat(exchange.isSecure()).isTrue();
    assertThat(exchange.remoteAddress()).isEqualTo("10.0.0.7");
    assertThat(exchange.isResponseCommitted()).isFalse();
  }

  @Test
  void aNullHeaderValueSendsNoHeader() {
    assertThat(TestExchange.withCookieHeader(null).requestHeaders("Cookie")).isEmpty();
    assertThat(TestExchange.withHeader("X-Session", null).requestHeaders("X-Session")).isEmpty();
    assertThat(new TestExchange().remoteAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void responseHeadersAndCookiesComeOut() {
    TestExchange exchange = new TestExchange();
    exchange.addResponseHeader("Set-Cookie", "other=x; Path=/");
    exchange.addResponseHeader("set-cookie", "sid=abc; Path=/; HttpOnly");
    exchange.addResponseHeader("X-Id", "1");
    exchange.addResponseHeader("X-Id", "2");

    assertThat(exchange.setCookies()).hasSize(2);
    assertThat(exchange.setCookie("sid")).isEqualTo("sid=abc; Path=/; HttpOnly");
    assertThat(exchange.sessionCookie("sid")).isEqualTo("sid=abc");
    assertThat(exchange.sessionCookie("missing")).isNull();
    assertThat(exchange.lastResponseHeader("x-id")).isEqualTo("2");

    exchange.setResponseHeaders("X-Id", List.of());
    assertThat(exchange.responseHeaders("X-Id")).isEmpty();
    exchange.commitResponse();
    assertThat(exchange.isResponseCommitted()).isTrue();
  }

  @Test
  void drivesTheEngineFromOneRequestToTheNext() {
    SessionManager manager = SessionManager.create(SessionConfig.builder().build());
    TestExchange first = new TestExchange();
    Session session = manager.load(first).toCompletableFuture().join();
    session.put("user", "ada");
    manager.commit(first, session).toCompletableFuture().join();

    TestExchange next = TestExchange.withCookieHeader(first.sessionCookie("sid"));
    assertThat(manager.load(next).toCompletableFuture().join().get("user")).isEqualTo("ada");
  }
}
