package io.sessions4j.webflux;

import static io.sessions4j.testing.ScriptedStore.Op.GET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;

/**
 * A store that answers later, on its own threads, never blocks Reactor Netty's event loop. The
 * server runs a single event-loop thread: if any request waited for the store on it, no other
 * request could be served meanwhile.
 */
class SlowStoreTest {
  ScriptedStore store;
  SessionManager sessions;
  TestServer server;
  TestBrowser browser;

  @BeforeEach
  void start() {
    store = ScriptedStore.over(MemoryStore.builder().build());
    sessions = SessionManager.create(SessionConfig.builder().store(store).build());
    server = TestServer.start(WebHttpHandlerBuilder.webHandler(SlowStoreTest::route)
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

  /**
   * {@code /thread}: the thread the route runs on once its session is there; {@code /set?k=v},
   * {@code /view}, {@code /change-id}, {@code /destroy}; {@code /untouched} never asks for the session.
   */
  private static Mono<Void> route(ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().value();
    if (path.equals("/untouched")) {
      return write(exchange.getResponse(), "never asked for its session");
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

  @Test
  void theEventLoopServesOtherRequestsWhileAStoreReadIsPending() throws Exception {
    store.hold();
    CompletableFuture<HttpResponse<String>> held = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(
        HttpRequest.newBuilder(server.uri("/thread")).header("Cookie", "sid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(store.awaitHeld()).as("the held request reached the store").isEqualTo(GET);

    HttpResponse<String> served = browser.get("/thread");

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(held).as("the first request is still waiting for the store").isNotDone();
    store.release(); // the store answers, on its own thread
    HttpResponse<String> released = held.get(30, TimeUnit.SECONDS);
    assertThat(released.statusCode()).isEqualTo(200);
    assertThat(released.body())
        .as("the route resumed on the event loop, not on the thread that completed the store call")
        .isEqualTo(served.body());
    assertThat(store.blockingWaits()).isEmpty();
  }

  @Test
  void requestsSucceedAndNothingWaitsWhenEveryStoreCallCompletesLaterOnAnotherThread() throws Exception {
    String loop = browser.get("/thread").body(); // no cookie, nothing to store: answered on the loop
    store.delay(Duration.ofMillis(20));

    browser.get("/set?a=1");
    String sid = browser.cookies.get("sid");
    browser.get("/set?n=2");
    HttpResponse<String> changed = browser.get("/change-id");
    String newSid = browser.cookies.get("sid");
    HttpResponse<String> view = browser.get("/view");
    HttpResponse<String> thread = browser.get("/thread");
    HttpResponse<String> destroyed = browser.get("/destroy");

    assertThat(sid).isNotNull();
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(newSid).isNotNull().isNotEqualTo(sid);
    assertThat(view.body()).isEqualTo("{a=1, n=2}");
    assertThat(thread.body()).isEqualTo(loop);
    assertThat(destroyed.statusCode()).isEqualTo(200);
    assertThat(browser.cookies).as("the cookie is cleared").doesNotContainKey("sid");
    browser.cookies.put("sid", newSid);
    assertThat(browser.get("/view").body()).isEqualTo("{}");
    assertThat(store.answerThreads()).isNotEmpty().doesNotContain(loop);
    assertThat(store.blockingWaits()).isEmpty();
  }

  @Test
  void aStoreThatFailsOnLoadIsAnswered503WithRetryAfter() throws Exception {
    browser.get("/set?a=1");
    store.fail(GET);

    HttpResponse<String> failed = browser.get("/view");

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(failed.body()).startsWith("Service Unavailable");
  }

  @Test
  void aRequestThatNeverAsksForItsSessionCostsNoStoreCall() throws Exception {
    HttpResponse<String> untouched = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(server.uri("/untouched")).header("Cookie", "sid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(untouched.statusCode()).isEqualTo(200);
    assertThat(store.calls(ScriptedStore.Op.values())).isZero();
  }
}
