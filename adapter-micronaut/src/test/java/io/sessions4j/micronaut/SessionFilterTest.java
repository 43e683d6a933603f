package io.sessions4j.micronaut;

import static io.sessions4j.micronaut.TestClient.cookie;
import static io.sessions4j.micronaut.TestClient.setCookies;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter's commit points and the ways a route reaches its session (store mode, memory store). */
class SessionFilterTest {
  static TestClient app;

  @BeforeAll
  static void start() {
    app = TestClient.start("SessionFilterTest", Map.of("spec.routes", "session", "sessions4j.max-age", "30m"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void readOnlyRequestWithoutCookieGetsNoSetCookie() {
    HttpResponse<String> response = app.get("/s/view");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void newSessionWithDataSetsCookieAndLoadsBack() {
    HttpResponse<String> first = app.get("/s/set?k=a&v=1");
    String sid = cookie(first, "sid");
    assertThat(sid).isNotNull();
    assertThat(setCookies(first, "sid").get(0)).contains("Path=/", "HttpOnly", "Expires=");

    HttpResponse<String> second = app.get("/s/view", "Cookie", sid);

    assertThat(second.body()).isEqualTo("{a=1}");
    assertThat(second.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void sessionParameterRequestAttributeAndCurrentAreTheSameSession() {
    assertThat(app.get("/s/same").body()).isEqualTo("true true true");
  }

  @Test
  void cookieIsSetOnRedirect() {
    HttpResponse<String> response = app.get("/s/redirect");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(app.get("/s/view", "Cookie", cookie(response, "sid")).body()).isEqualTo("{k=redirected}");
  }

  @Test
  void cookieIsSetOnTheErrorResponseWhenTheRouteThrows() {
    HttpResponse<String> response = app.get("/s/throw");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(app.get("/s/view", "Cookie", cookie(response, "sid")).body()).isEqualTo("{k=thrown}");
  }

  @Test
  void cookieIsSetBeforeAStreamedBody() {
    HttpResponse<String> response = app.get("/s/stream");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("chunk-1\nchunk-2\nchunk-3\n");
    assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(app.get("/s/view", "Cookie", cookie(response, "sid")).body()).isEqualTo("{k=streamed}");
  }

  @Test
  void applicationCookiesAreKeptBesideTheSessionCookie() {
    HttpResponse<String> response = app.get("/s/app-cookie");

    assertThat(cookie(response, "app")).isEqualTo("app=1");
    assertThat(cookie(response, "sid")).isNotNull();
  }

  @Test
  void saveDuringTheRouteAndALaterChangeSendOneSessionCookie() {
    HttpResponse<String> response = app.get("/s/save-then-change");

    assertThat(setCookies(response, "sid")).hasSize(1);
    assertThat(cookie(response, "app")).isEqualTo("app=2");
    assertThat(app.get("/s/view", "Cookie", cookie(response, "sid")).body()).isEqualTo("{k=saved, k2=after-save}");
  }

  @Test
  void changesAcrossRequestsAccumulate() {
    String sid = cookie(app.get("/s/incr"), "sid");
    app.get("/s/incr", "Cookie", sid);

    assertThat(app.get("/s/view", "Cookie", sid).body()).isEqualTo("{n=2}");
  }
}
