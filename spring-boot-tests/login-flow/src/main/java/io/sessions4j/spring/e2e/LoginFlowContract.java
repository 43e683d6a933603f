package io.sessions4j.spring.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessions4j.conformance.logs.LogCapture;
import io.sessions4j.conformance.logs.LogScan;
import io.sessions4j.conformance.logs.SeenSecrets;
import io.sessions4j.spring.e2e.Browser.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a Spring Boot app with Spring Security's defaults must do on sessions4j, over HTTP, as a
 * browser sees it: form login with the CSRF token, back to the saved page, a new session id at
 * login, logout, remember-me, and (in store mode) {@code maximumSessions(1)}. Each Boot version
 * and store (or cookie mode) is one subclass; its app is started once ({@link #startApp()}, before
 * the first test) and stopped after the last.
 *
 * <p>The app under test: every page needs authentication; Spring Security's own login page at
 * {@code /login} (with remember-me), logout by {@code POST /logout}; users {@link #USERS} with
 * password {@value #PASSWORD}; {@code GET /account} (and {@code /}) answers 200 with {@code Signed
 * in as NAME}, {@code Last login failure: MESSAGE} ({@code none} when the session holds no {@code
 * SPRING_SECURITY_LAST_EXCEPTION}, which custom login pages show), {@code Flash: MESSAGE} ({@code
 * none} without a Spring MVC flash attribute {@code flash}) and a logout form carrying the CSRF
 * token; {@code POST /flash} with {@code message} adds that flash attribute and redirects to {@code
 * /account}. Actuator's {@code sessions4j} and {@code metrics} endpoints are exposed to {@value
 * #ADMIN} (HTTP basic, no session, no CSRF). The sessions4j cookie is {@value #SESSION_COOKIE}. Each test logs in its own user, so
 * the tests of one app are independent. After the last test the app's logs are scanned: no session
 * cookie, session id or remember-me cookie a browser received may appear in them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LoginFlowContract {
  /** The users every test app knows. */
  public static final String[] USERS = {"ada", "grace", "linus", "barbara", "ken", "edsger", "alan", "donald",
      "margaret", "katherine"};
  /** The administrator: HTTP basic with {@link #PASSWORD} on {@code /actuator/**}, and nowhere else. */
  public static final String ADMIN = "admin";
  /** Every user's password. */
  public static final String PASSWORD = "password";
  /** The sessions4j cookie (its default name). */
  public static final String SESSION_COOKIE = "sid";
  /** Spring Security's remember-me cookie (its default name). */
  public static final String REMEMBER_ME_COOKIE = "remember-me";

  private static final HttpClient ADMIN_CLIENT = HttpClient.newHttpClient();

  private RunningApp running;
  private LogCapture logs;

  /** Starts the app under test, on a free port of 127.0.0.1. */
  protected abstract RunningApp startApp() throws Exception;

  /**
   * Checks for the servers the app needs (a database), before every test: with {@code
   * RealServers.require…}, which skips the test, or in CI fails it, when one is absent.
   */
  protected void requireServers() {}

  /**
   * True in store mode (server-side sessions: {@code maximumSessions(1)} is configured, a logged-out
   * cookie is dead); false in cookie mode, which has no server-side identity to count or revoke.
   */
  protected abstract boolean storeMode();

  /**
   * True when the app's store does I/O (JDBC, Redis): the starter then makes its calls Observations
   * on Actuator's {@code ObservationRegistry}; the memory store's calls are never observed.
   */
  protected boolean observedStore() {
    return false;
  }

  /** The running app, {@code http://127.0.0.1:PORT}, started on the first call. */
  protected final URI app() throws Exception {
    requireServers();
    if (running == null) {
      running = startApp();
    }
    return running.uri();
  }

  @BeforeAll
  void captureLogs() {
    logs = LogCapture.start();
  }

  /**
   * Stops the app, then scans everything the JVM logged meanwhile (the app's start and stop
   * included) for the session cookies, session ids and remember-me cookies the browsers received:
   * none may appear in full.
   */
  @AfterAll
  void stopAppAndScanLogs() {
    try {
      if (running != null) {
        running.close();
        running = null;
      }
    } finally {
      logs.close();
    }
    assertThat(LogScan.leaks(logs.text(), SeenSecrets.all())).as("session ids and cookie values in the logs").isEmpty();
  }

  @Test
  void protectedPageLogsInBackToTheSavedPageWithANewSessionIdAndLogsOut() throws Exception {
    Browser browser = new Browser(app());

    Page toLogin = browser.get("/account?tab=orders");
    assertThat(toLogin.isRedirect()).as("an anonymous visit is sent to log in: %s", toLogin).isTrue();
    assertThat(toLogin.locationPath()).isEqualTo("/login");
    Page loginPage = browser.follow(toLogin);
    assertThat(loginPage.status()).as("Spring Security's login page: %s", loginPage).isEqualTo(200);
    assertThat(loginPage.hasInput("username") && loginPage.hasInput("password")).as("a login form: %s", loginPage).isTrue();
    String anonymousSession = browser.cookie(SESSION_COOKIE);
    assertThat(anonymousSession).as("the saved request and the CSRF token live in a session").isNotNull();

    Page loggedIn = browser.post("/login", Map.of(
        "username", "ada", "password", PASSWORD, "_csrf", loginPage.csrfToken()));
    assertThat(loggedIn.isRedirect()).as("a successful login redirects: %s", loggedIn).isTrue();
    assertThat(loggedIn.locationPath()).as("back to the saved page").isEqualTo("/account");
    assertThat(loggedIn.location().orElseThrow()).contains("tab=orders");
    // store mode: the cookie is the signed id (the same id always gives the same cookie), so a new
    // cookie is a new id; cookie mode: a new sealed session
    assertThat(browser.cookie(SESSION_COOKIE)).as("a new session at login, against fixation")
        .isNotNull().isNotEqualTo(anonymousSession);

    Page account = browser.follow(loggedIn);
    assertThat(account.status()).as("the saved page: %s", account).isEqualTo(200);
    assertThat(account.body()).contains("Signed in as ada").contains("tab=orders");
    assertThat(browser.get("/account").body()).as("still signed in on the next request").contains("Signed in as ada");
    String loggedInSession = browser.cookie(SESSION_COOKIE);

    Page loggedOut = browser.post("/logout", Map.of("_csrf", account.csrfToken()));
    assertThat(loggedOut.isRedirect()).as("logout redirects: %s", loggedOut).isTrue();
    assertThat(loggedOut.location().orElseThrow()).contains("/login?logout");
    Page afterLogout = browser.get("/account");
    assertThat(afterLogout.isRedirect()).as("logged out: %s", afterLogout).isTrue();
    assertThat(afterLogout.locationPath()).isEqualTo("/login");

    if (storeMode()) {
      // the session is gone on the server: its cookie, replayed, authenticates nobody
      Page replayed = new Browser(app()).withCookie(SESSION_COOKIE, loggedInSession).get("/account");
      assertThat(replayed.isRedirect()).as("a logged-out session cookie replayed: %s", replayed).isTrue();
      assertThat(replayed.locationPath()).isEqualTo("/login");
    }
  }

  @Test
  void afterSeveralProtectedPagesTheLoginLandsOnTheLastOne() throws Exception {
    Browser browser = new Browser(app());
    // each visit replaces the saved request; Spring Security saves it with the request's headers
    // and cookies, the session cookie included
    for (int page = 1; page <= 4; page++) {
      Page toLogin = browser.get("/account?page=" + page);
      assertThat(toLogin.isRedirect()).as("visit %s: %s", page, toLogin).isTrue();
      assertThat(toLogin.locationPath()).isEqualTo("/login");
    }
    Page loginPage = browser.get("/login");
    assertThat(loginPage.status()).as("login page: %s", loginPage).isEqualTo(200);
    Page loggedIn = browser.post("/login", Map.of("username", "edsger", "password", PASSWORD, "_csrf", loginPage.csrfToken()));
    assertThat(loggedIn.isRedirect()).as("login: %s", loggedIn).isTrue();
    assertThat(loggedIn.location().orElseThrow()).contains("/account").contains("page=4");
    assertThat(browser.follow(loggedIn).body()).contains("Signed in as edsger").contains("page=4");
  }

  @Test
  void loginWithoutTheCsrfTokenIsRefused() throws Exception {
    Browser browser = new Browser(app());
    Page loginPage = browser.get("/login");
    assertThat(loginPage.status()).isEqualTo(200);

    Page withoutToken = browser.post("/login", Map.of("username", "grace", "password", PASSWORD));
    assertThat(withoutToken.status()).as("no CSRF token: %s", withoutToken).isEqualTo(403);
    Page wrongToken = browser.post("/login", Map.of("username", "grace", "password", PASSWORD, "_csrf", "forged"));
    assertThat(wrongToken.status()).as("a forged CSRF token: %s", wrongToken).isEqualTo(403);

    Page withToken = browser.post("/login", Map.of(
        "username", "grace", "password", PASSWORD, "_csrf", browser.get("/login").csrfToken()));
    assertThat(withToken.isRedirect()).as("the token from the page works: %s", withToken).isTrue();
    assertThat(browser.get("/account").body()).contains("Signed in as grace");
  }

  @Test
  void aFailedLoginIsKeptForTheLoginPageAndForgottenAfterTheNextLogin() throws Exception {
    // Spring Security's success handler removes the failure after its sendRedirect: the servlet
    // adapter writes that change to the store after the response; a cookie cannot follow it
    assumeTrue(storeMode(), "cookie mode: a change after the response's commit cannot reach the client");
    Browser browser = new Browser(app());
    Page failed = browser.post("/login", Map.of(
        "username", "barbara", "password", "wrong", "_csrf", browser.get("/login").csrfToken()));
    assertThat(failed.isRedirect()).as("a failed login: %s", failed).isTrue();
    assertThat(failed.location().orElseThrow()).contains("/login?error");
    Page withError = browser.follow(failed);
    assertThat(withError.status()).as("the login page again: %s", withError).isEqualTo(200);

    // Spring Security keeps the failure (a BadCredentialsException) in the session for a login page
    // to show, and removes it at the next successful login
    Page loggedIn = browser.post("/login", Map.of("username", "barbara", "password", PASSWORD, "_csrf", withError.csrfToken()));
    assertThat(loggedIn.isRedirect()).as("then a login: %s", loggedIn).isTrue();
    assertThat(loggedIn.location().orElseThrow()).doesNotContain("error");
    Page account = browser.follow(loggedIn);
    assertThat(account.body()).contains("Signed in as barbara");
    assertThat(account.body()).as("the failure was removed from the session at login")
        .contains("Last login failure: none");
  }

  @Test
  void springMvcFlashAttributesSurviveTheRedirectOnce() throws Exception {
    Browser browser = new Browser(app());
    logIn(browser, "alan");
    Page account = browser.get("/account");
    assertThat(account.body()).contains("Flash: none");

    // RedirectAttributes.addFlashAttribute: Spring MVC keeps a FlashMap in the session until the redirect
    Page posted = browser.post("/flash", Map.of("message", "saved <ok>", "_csrf", account.csrfToken()));
    assertThat(posted.isRedirect()).as("Post/Redirect/Get: %s", posted).isTrue();
    Page shown = browser.follow(posted);
    assertThat(shown.status()).as("the redirect's target: %s", shown).isEqualTo(200);
    assertThat(shown.body()).contains("Flash: saved &lt;ok&gt;");
    assertThat(browser.get("/account").body()).as("a flash attribute is shown once").contains("Flash: none");
  }

  @Test
  void aSecondLoginOfTheSameUserEndsTheFirstSession() throws Exception {
    assumeTrue(storeMode(), "cookie mode has no server-side sessions to count: maximumSessions is not configured");
    URI app = app();
    Browser first = new Browser(app);
    logIn(first, "linus");
    assertThat(first.get("/account").body()).contains("Signed in as linus");

    Browser second = new Browser(app);
    logIn(second, "linus");
    assertThat(second.get("/account").body()).contains("Signed in as linus");

    // Spring Security answers the first expired request with its "session has been expired"
    // message (or a redirect to log in, when the session is simply gone); either way, not the page
    Page firstAgain = first.get("/account");
    assertThat(firstAgain.body()).as("the first session ended: %s", firstAgain).doesNotContain("Signed in as");
    Page firstThen = first.get("/account");
    assertThat(firstThen.isRedirect()).as("the first browser must log in again: %s", firstThen).isTrue();
    assertThat(firstThen.locationPath()).isEqualTo("/login");
    assertThat(second.get("/account").body()).as("the second session goes on").contains("Signed in as linus");
  }

  @Test
  void theRememberMeCookieAloneAuthenticatesANewBrowser() throws Exception {
    URI app = app();
    Browser browser = new Browser(app);
    Page loginPage = browser.get("/login");
    assertThat(loginPage.hasInput("remember-me")).as("the login page offers remember-me: %s", loginPage).isTrue();
    Page loggedIn = browser.post("/login", Map.of(
        "username", "ken", "password", PASSWORD, "remember-me", "on", "_csrf", loginPage.csrfToken()));
    assertThat(loggedIn.isRedirect()).as("login: %s", loggedIn).isTrue();
    String rememberMe = browser.cookie(REMEMBER_ME_COOKIE);
    assertThat(rememberMe).as("a remember-me cookie was set").isNotNull();

    Browser restarted = new Browser(app).withCookie(REMEMBER_ME_COOKIE, rememberMe);
    Page account = restarted.get("/account");
    assertThat(account.status()).as("remember-me logs in: %s", account).isEqualTo(200);
    assertThat(account.body()).contains("Signed in as ken");
    String session = restarted.cookie(SESSION_COOKIE);
    assertThat(session).as("remember-me login starts a session").isNotNull();

    // the remember-me authentication round-trips through the session: the session cookie alone works
    Page sessionOnly = new Browser(app).withCookie(SESSION_COOKIE, session).get("/account");
    assertThat(sessionOnly.status()).as("the session alone: %s", sessionOnly).isEqualTo(200);
    assertThat(sessionOnly.body()).contains("Signed in as ken");
  }

  @Test
  void anAdministratorEndingAUsersSessionLogsTheUserOutOnTheNextRequest() throws Exception {
    assumeTrue(storeMode(), "cookie mode has no server-side sessions to end");
    Browser browser = new Browser(app());
    logIn(browser, "donald");
    assertThat(browser.get("/account").body()).contains("Signed in as donald");

    HttpResponse<String> listed = admin("GET", "/actuator/sessions4j?username=donald");
    assertThat(listed.statusCode()).as("the listing: %s", listed.body()).isEqualTo(200);
    Matcher handle = Pattern.compile("\"handle\":\"([A-Za-z0-9_-]{22})\"").matcher(listed.body());
    assertThat(handle.find()).as("donald's session has a handle: %s", listed.body()).isTrue();
    assertThat(listed.body()).as("the listing shows no session id").doesNotContain(browser.cookie(SESSION_COOKIE));

    HttpResponse<String> ended = admin("DELETE", "/actuator/sessions4j/" + handle.group(1) + "?username=donald");
    assertThat(ended.statusCode()).as("ending it: %s", ended.body()).isEqualTo(204);

    Page next = browser.get("/account");
    assertThat(next.isRedirect()).as("the next request is logged out: %s", next).isTrue();
    assertThat(next.locationPath()).isEqualTo("/login");
  }

  @Test
  void anAdministratorEndingAllOfAUsersSessionsLogsTheUserOut() throws Exception {
    assumeTrue(storeMode(), "cookie mode has no server-side sessions to end");
    Browser browser = new Browser(app());
    logIn(browser, "margaret");
    assertThat(browser.get("/account").body()).contains("Signed in as margaret");

    HttpResponse<String> ended = admin("DELETE", "/actuator/sessions4j?username=margaret");
    assertThat(ended.statusCode()).as("ending all: %s", ended.body()).isEqualTo(200);
    assertThat(ended.body()).contains("\"ended\":1");

    Page next = browser.get("/account");
    assertThat(next.isRedirect()).as("the next request is logged out: %s", next).isTrue();
    assertThat(next.locationPath()).isEqualTo("/login");
    assertThat(admin("GET", "/actuator/sessions4j/count").body()).contains("\"count\":");
  }

  @Test
  void theSessionMetersCountLoginsAndTamperedCookies() throws Exception {
    Browser browser = new Browser(app());
    logIn(browser, "grace");
    String cookie = browser.cookie(SESSION_COOKIE);
    String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");
    new Browser(app()).withCookie(SESSION_COOKIE, tampered).get("/account");

    HttpResponse<String> rejected = admin("GET", "/actuator/metrics/sessions4j.ids.rejected?tag=reason:bad_signature");
    assertThat(rejected.statusCode()).as("a tampered cookie is counted: %s", rejected.body()).isEqualTo(200);
    assertThat(rejected.body()).contains("\"COUNT\"");
    if (storeMode()) {
      HttpResponse<String> created = admin("GET", "/actuator/metrics/sessions4j.sessions.created");
      assertThat(created.statusCode()).as("sessions created: %s", created.body()).isEqualTo(200);
      HttpResponse<String> saves = admin("GET", "/actuator/metrics/sessions4j.store.operations?tag=operation:save");
      assertThat(saves.statusCode()).as("store saves timed: %s", saves.body()).isEqualTo(200);
    } else {
      HttpResponse<String> cookies = admin("GET", "/actuator/metrics/sessions4j.cookie.size");
      assertThat(cookies.statusCode()).as("cookie sizes: %s", cookies.body()).isEqualTo(200);
    }
  }

  @Test
  void storeCallsAreObservationsWithoutCode() throws Exception {
    Browser browser = new Browser(app());
    logIn(browser, "katherine");
    browser.get("/account");

    // Boot's meter handler turns every Observation into a timer of its name: proof the observations ran
    HttpResponse<String> observed = admin("GET", "/actuator/metrics/sessions4j.store?tag=operation:get");
    if (observedStore()) {
      assertThat(observed.statusCode()).as("store gets observed: %s", observed.body()).isEqualTo(200);
      assertThat(observed.body()).contains("\"COUNT\"").contains("\"store\"");
    } else {
      assertThat(observed.statusCode()).as("the memory store (or none) is not observed: %s", observed.body())
          .isEqualTo(404);
    }
  }

  /** A request of the administrator (HTTP basic) to the app. */
  protected HttpResponse<String> admin(String method, String path) throws Exception {
    String credentials = Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(app().resolve(path))
        .header("Authorization", "Basic " + credentials)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return ADMIN_CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Logs {@code user} in from Spring Security's login page, with its CSRF token. */
  protected static Page logIn(Browser browser, String user) throws Exception {
    Page loginPage = browser.get("/login");
    assertThat(loginPage.status()).as("login page: %s", loginPage).isEqualTo(200);
    Page loggedIn = browser.post("/login", Map.of("username", user, "password", PASSWORD, "_csrf", loginPage.csrfToken()));
    assertThat(loggedIn.isRedirect()).as("login of %s: %s", user, loggedIn).isTrue();
    assertThat(loggedIn.location().orElseThrow()).as("a successful login").doesNotContain("error");
    return loggedIn;
  }
}
