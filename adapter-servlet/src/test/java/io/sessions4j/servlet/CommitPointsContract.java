package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.servlet.container.EmbeddedContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session cookie must reach the client however the application commits the response. Each
 * route stores its name in the session and commits the response its own way; the test checks the
 * actual HTTP response carries the session cookie and that the next request sees the value.
 * Without the commit point under test the cookie would be missing: the filter's end-of-request
 * commit comes after the container has sent the headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CommitPointsContract {
  private final HttpClient client = HttpClient.newHttpClient();
  private EmbeddedContainer container;
  private URI base;

  abstract EmbeddedContainer container();

  @BeforeAll
  void start() throws Exception {
    container = container();
    base = container.start("127.0.0.1", 0, context -> {
      FilterRegistration.Dynamic filter = context.addFilter("sessions",
          new SessionFilter(SessionConfig.builder().build()));
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC), false, "/*");
      ServletRegistration.Dynamic servlet = context.addServlet("app", new CommitPointServlet());
      servlet.setAsyncSupported(true);
      servlet.addMapping("/app/*");
    });
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code sid=value} pair of the response's session cookie, or null. */
  private static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sid="))
        .map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
        .findFirst().orElse(null);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "end", "flush-buffer", "flush-stream", "flush-writer", "content-length", "content-length-header",
      "close-stream", "close-writer", "overflow-writer", "overflow-stream"})
  void sessionCookieIsSentWhateverCommitsTheResponse(String route) throws Exception {
    HttpResponse<String> response = get("/app/" + route, null);

    assertThat(response.statusCode()).isEqualTo(200);
    String cookie = sessionCookie(response);
    assertThat(cookie).as("session cookie on " + route).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo(route);
  }

  @Test
  void flushedResponseKeepsTheBodyWrittenAfterTheFlush() throws Exception {
    HttpResponse<String> response = get("/app/flush-writer", null);

    assertThat(response.body()).isEqualTo("early and late");
  }

  @Test
  void sessionCookieIsSentWithARedirect() throws Exception {
    HttpResponse<String> response = get("/app/redirect", null);

    assertThat(response.statusCode()).isEqualTo(302);
    String cookie = sessionCookie(response);
    assertThat(cookie).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo("redirect");
  }

  @Test
  void aChangeAfterTheRedirectIsSavedToo() throws Exception {
    HttpResponse<String> response = get("/app/redirect-then-change", null);

    assertThat(response.statusCode()).isEqualTo(302);
    String cookie = sessionCookie(response);
    assertThat(cookie).isNotNull();
    // the late write follows the response the client already has: poll for it
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    String seen = get("/app/view", cookie).body();
    while (!seen.equals("changed after the redirect") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      seen = get("/app/view", cookie).body();
    }
    assertThat(seen).isEqualTo("changed after the redirect");
  }

  @Test
  void sessionCookieIsSentWithSendError() throws Exception {
    HttpResponse<String> response = get("/app/send-error", null);

    assertThat(response.statusCode()).isEqualTo(409);
    String cookie = sessionCookie(response);
    assertThat(cookie).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo("send-error");
  }

  @Test
  void forwardedRequestSharesTheSessionAndItsCommit() throws Exception {
    HttpResponse<String> response = get("/app/forward", null);

    assertThat(response.body()).isEqualTo("forwarded:forward");
    String cookie = sessionCookie(response);
    assertThat(cookie).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo("forward");
  }

  @Test
  void sessionCookieIsSentWhenTheHandlerThrows() throws Exception {
    HttpResponse<String> response = get("/app/throw", null);

    assertThat(response.statusCode()).isEqualTo(500);
    String cookie = sessionCookie(response);
    assertThat(cookie).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo("throw");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"async-flush", "async-complete", "async-dispatch"})
  void sessionCookieIsSentFromAnAsyncRequest(String route) throws Exception {
    HttpResponse<String> response = get("/app/" + route, null);

    assertThat(response.statusCode()).isEqualTo(200);
    String cookie = sessionCookie(response);
    assertThat(cookie).as("session cookie on " + route).isNotNull();
    assertThat(get("/app/view", cookie).body()).isEqualTo(route);
  }
}
