package io.sessions4j.servlet;

import static io.sessions4j.testing.ScriptedStore.Op.DESTROY;
import static io.sessions4j.testing.ScriptedStore.Op.SAVE;
import static io.sessions4j.testing.ScriptedStore.Op.SET;
import static io.sessions4j.testing.ScriptedStore.Op.TOUCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.servlet.container.EmbeddedContainer;
import io.sessions4j.testing.ScriptedStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
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

/**
 * The HttpSession API as applications use it, backed by the core: creation rules, invalidation,
 * id changes, requested-id queries, per-session max age, and the failure answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpSessionApiContract {
  private static final String KEY = "servlet-adapter-test-key-0123456789abcdef";
  private final HttpClient client = HttpClient.newHttpClient();
  private EmbeddedContainer container;
  private URI base;

  abstract EmbeddedContainer container();

  @BeforeAll
  void start() throws Exception {
    container = container();
    base = container.start("127.0.0.1", 0, context -> {
      mount(context, "store", "/app/*", new SessionFilter(SessionConfig.builder().build()));
      mount(context, "cookie", "/cookie/*",
          new SessionFilter(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).build()));
      mount(context, "reads-down", "/reads-down/*",
          new SessionFilter(SessionConfig.builder().store(readsDown()).build()));
      mount(context, "writes-down", "/writes-down/*",
          new SessionFilter(SessionConfig.builder().store(writesDown()).build()));
    });
  }

  /** A store that is down: every call fails. */
  private static ScriptedStore readsDown() {
    return ScriptedStore.over(MemoryStore.builder().build()).fail();
  }

  /** A store that reads (and holds nothing) but whose writes fail; patches run over its get and save. */
  private static ScriptedStore writesDown() {
    return ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build()).fail(SAVE, SET, TOUCH, DESTROY);
  }

  private static void mount(ServletContext context, String name, String path, Filter filter) {
    FilterRegistration.Dynamic f = context.addFilter(name, filter);
    f.setAsyncSupported(true);
    f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC), false, path);
    ServletRegistration.Dynamic s = context.addServlet(name + "-servlet", new SessionApiServlet());
    s.addMapping(path);
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

  /** The full Set-Cookie header of the session cookie, or null. */
  private static String setCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(h -> h.startsWith("sid=")).findFirst().orElse(null);
  }

  /** The {@code sid=value} pair to send back. */
  private static String pair(String setCookie) {
    int semicolon = setCookie.indexOf(';');
    return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
  }

  private String login() throws Exception {
    HttpResponse<String> response = get("/app/set?user=ada", null);
    assertThat(setCookie(response)).isNotNull();
    return pair(setCookie(response));
  }

  @Test
  void getSessionFalseIsNullWhenTheClientHasNoSession() throws Exception {
    HttpResponse<String> response = get("/app/probe", null);

    assertThat(response.body()).isEqualTo("null");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void emptyCreatedSessionIsNotPersisted() throws Exception {
    HttpResponse<String> response = get("/app/create", null);

    assertThat(response.body()).isEqualTo("created new=true same=true");
    assertThat(setCookie(response)).as("saveUninitialized is off").isNull();
  }

  @Test
  void attributesSurviveToTheNextRequest() throws Exception {
    String cookie = login();

    assertThat(get("/app/get?name=user", cookie).body()).isEqualTo("ada");
    assertThat(get("/app/names", cookie).body()).isEqualTo("user");
  }

  @Test
  void readingASessionSendsNoCookie() throws Exception {
    String cookie = login();

    HttpResponse<String> response = get("/app/get?name=user", cookie);

    assertThat(setCookie(response)).isNull();
  }

  @Test
  void removeAttributeIsSaved() throws Exception {
    String cookie = login();
    get("/app/set?other=1", cookie);

    get("/app/remove?name=user", cookie);

    assertThat(get("/app/names", cookie).body()).isEqualTo("other");
  }

  @Test
  void invalidateMakesTheSessionUnusableAndClearsTheCookie() throws Exception {
    String cookie = login();

    HttpResponse<String> response = get("/app/invalidate", cookie);

    assertThat(response.body()).isEqualTo("IllegalStateException getSession(false)=null");
    assertThat(setCookie(response)).startsWith("sid=;").containsIgnoringCase("Max-Age=0");
    assertThat(get("/app/get?name=user", cookie).body()).isEqualTo("no session");
  }

  @Test
  void getSessionAfterInvalidateStartsANewSessionInTheSameRequest() throws Exception {
    String cookie = login();

    HttpResponse<String> response = get("/app/invalidate-and-restart", cookie);

    assertThat(response.body()).isEqualTo("new=true");
    String fresh = pair(setCookie(response));
    assertThat(fresh).isNotEqualTo(cookie).isNotEqualTo("sid=");
    assertThat(get("/app/get?name=flash", fresh).body()).isEqualTo("signed out");
    assertThat(get("/app/get?name=user", fresh).body()).isEqualTo("null");
    assertThat(get("/app/get?name=user", cookie).body()).as("the invalidated session").isEqualTo("no session");
  }

  @Test
  void changeSessionIdKeepsTheDataUnderANewId() throws Exception {
    String cookie = login();

    HttpResponse<String> response = get("/app/change-id", cookie);

    String[] ids = response.body().split(" ");
    assertThat(ids[0]).isEqualTo(cookie.substring("sid=".length()));
    assertThat(ids[1]).isNotEqualTo(ids[0]).isEqualTo(ids[2]);
    String changed = pair(setCookie(response));
    assertThat(changed).isEqualTo("sid=" + ids[1]);
    assertThat(get("/app/get?name=user", changed).body()).isEqualTo("ada");
    assertThat(get("/app/get?name=user", cookie).body()).as("the old id").isEqualTo("no session");
  }

  @Test
  void changeSessionIdWithoutASessionIsRefused() throws Exception {
    assertThat(get("/app/change-id-without-session", null).body()).isEqualTo("IllegalStateException");
  }

  @Test
  void requestedSessionIdIsTheLoadedSession() throws Exception {
    String cookie = login();

    assertThat(get("/app/requested", cookie).body())
        .isEqualTo(cookie.substring("sid=".length()) + " valid=true cookie=true url=false");
    assertThat(get("/app/requested", null).body()).isEqualTo("null valid=false cookie=false url=false");
  }

  @Test
  void maxInactiveIntervalSetsThisSessionsCookieLifetime() throws Exception {
    HttpResponse<String> response = get("/app/max-inactive?s=120", null);

    assertThat(response.body()).isEqualTo("120");
    assertThat(setCookie(response)).contains("Max-Age=120");
  }

  @Test
  void coreSessionAndHttpSessionAreTheSameSession() throws Exception {
    HttpResponse<String> response = get("/app/core", null);

    assertThat(response.body()).isEqualTo("41");
    assertThat(setCookie(response)).isNotNull();
  }

  @Test
  void valueTheCoreCannotStoreIsRefusedWhenSet() throws Exception {
    assertThat(get("/app/unsupported-value", null).body()).isEqualTo("IllegalArgumentException");
  }

  @Test
  void creationAndAccessTimesAreReported() throws Exception {
    assertThat(get("/app/times", null).body()).isEqualTo("true true");
  }

  @Test
  void exchangeMapsHeadersOntoTheServletApi() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/app/exchange-headers"))
        .header("X-Multi", "one").header("X-Multi", "two").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("[a, b] [one, two] null 127.0.0.1 false");
    if (response.headers().firstValue("X-Server-Info").orElseThrow().startsWith("Apache Tomcat/10.")) {
      // Servlet 6.0 Tomcat ignores setHeader(name, null), and the servlet API has no other way to
      // remove a header; the engine never needs to (it only replaces Set-Cookie values)
      assertThat(response.headers().allValues("X-Removed")).containsExactly("1", "2");
    } else {
      assertThat(response.headers().allValues("X-Removed")).isEmpty();
    }
    assertThat(response.headers().allValues("X-Replaced")).containsExactly("a", "b");
    assertThat(response.headers().allValues("X-Added")).containsExactly("c");
  }

  @Test
  void cookieModeSessionRoundTripsAndHasAnId() throws Exception {
    HttpResponse<String> first = get("/cookie/set?user=grace", null);
    String cookie = pair(setCookie(first));

    assertThat(get("/cookie/get?name=user", cookie).body()).isEqualTo("grace");
    String[] ids = get("/cookie/change-id", cookie).body().split(" ");
    assertThat(ids[0]).isNotBlank().isNotEqualTo(ids[1]);
  }

  @Test
  void cookieModeRequestedIdIsTheSessionsIdUntilItChanges() throws Exception {
    String cookie = pair(setCookie(get("/cookie/set?user=grace", null)));

    String[] parts = get("/cookie/requested-then-change-id", cookie).body().split(" ");

    assertThat(parts[0]).as("requested id").isNotBlank().isNotEqualTo("null").isEqualTo(parts[1]);
    assertThat(parts[2]).isEqualTo("valid=true");
    assertThat(parts[3]).isEqualTo("after-change=false");
    assertThat(parts[4]).as("the requested id does not change with the session's").isEqualTo("requested-again=" + parts[0]);
  }

  @Test
  void oversizedCookieSessionIsAnswered500() throws Exception {
    HttpResponse<String> response = get("/cookie/big", null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("too large").doesNotContain("stored");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void storeOutageOnLoadIsAnswered503WithoutRunningTheApplication() throws Exception {
    HttpResponse<String> response = get("/reads-down/set?k=v", "sid=AAAAAAAAAAAAAAAAAAAAAAAA");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.body()).doesNotContain("ok");
  }

  @Test
  void storeOutageOnSaveIsAnswered503InsteadOfTheApplicationsResponse() throws Exception {
    HttpResponse<String> response = get("/writes-down/set?k=v", null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(response.body()).startsWith("Service Unavailable");
    assertThat(setCookie(response)).isNull();
  }

  @Test
  void outputAfterAFailedCommitIsDiscarded() throws Exception {
    HttpResponse<String> response = get("/writes-down/set-and-flush", null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("Service Unavailable: the session store did not answer. Please retry.\n");
  }
}
