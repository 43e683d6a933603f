package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A whole Spring Boot application over HTTP, every auto-configuration of the classpath on (so the
 * same test proves Boot 3 and, in boot4-tests, Boot 4): Spring Security's form login with CSRF on a
 * sessions4j session, {@code maximumSessions(1)} through the starter's registry, the actuator
 * endpoint and health contributor; and the same login in cookie mode.
 */
class SpringBootApplicationTest {
  static ConfigurableApplicationContext storeApp;
  static ConfigurableApplicationContext cookieApp;
  static String base;
  static String cookieBase;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).build(); // as a browser on plain HTTP: no h2c upgrade offers
  static final Pattern SESSION_COOKIE = Pattern.compile("^sid=([^;]*)");
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    SecurityFilterChain security(HttpSecurity http, @Value("${test.maximum-sessions}") boolean maximumSessions)
        throws Exception {
      http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
          .formLogin(Customizer.withDefaults())
          .httpBasic(Customizer.withDefaults())
          .csrf(c -> c.ignoringRequestMatchers("/actuator/**"));
      if (maximumSessions) {
        http.sessionManagement(s -> s.maximumSessions(1));
      }
      return http.build();
    }

    /** ada logs in with the form; ops calls the actuator (as ada it would count as one of her sessions). */
    @Bean
    InMemoryUserDetailsManager users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("ada").password("{noop}secret").roles("USER").build(),
          User.withUsername("ops").password("{noop}ops-secret").roles("OPS").build());
    }

    /** Counts sessions created; a Boot bean, so both Boot (container) and the starter (filter) hand it on. */
    @Bean
    CountingListener countingListener() {
      return new CountingListener();
    }

    @RestController
    static class Hello {
      @GetMapping("/hello")
      String hello(java.security.Principal principal) {
        return "hello " + principal.getName();
      }
    }
  }

  /** An {@code HttpSessionListener} bean. */
  static class CountingListener implements HttpSessionListener {
    final AtomicInteger created = new AtomicInteger();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
      created.incrementAndGet();
    }
  }

  @BeforeAll
  static void start() {
    storeApp = start("test.maximum-sessions=true");
    base = "http://127.0.0.1:" + storeApp.getEnvironment().getProperty("local.server.port");
    cookieApp = start("test.maximum-sessions=false", "sessions4j.mode=cookie", "sessions4j.keys=" + "c".repeat(32));
    cookieBase = "http://127.0.0.1:" + cookieApp.getEnvironment().getProperty("local.server.port");
  }

  static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
        .properties("server.port=0", "management.endpoints.web.exposure.include=health,sessions4j",
            "management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {storeApp, cookieApp}) {
      if (app != null) {
        app.close();
      }
    }
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A browser's request (Accept: text/html, so Spring Security answers with the login form, not a 401). */
  static HttpRequest.Builder get(String path, String cookie) {
    return get(base, path, cookie);
  }

  static HttpRequest.Builder get(String base, String path, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html");
    return cookie == null ? request : request.header("Cookie", "sid=" + cookie);
  }

  /** An operator's call to the actuator, with HTTP basic authentication. */
  static HttpRequest.Builder actuator(String path) {
    return HttpRequest.newBuilder(URI.create(base + "/actuator" + path)).header("Accept", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8)));
  }

  static String sessionCookie(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      Matcher m = SESSION_COOKIE.matcher(header);
      if (m.find()) {
        return m.group(1);
      }
    }
    return null;
  }

  /** {@link #logIn(String)} on the store-mode application. */
  static String logIn() throws Exception {
    return logIn(base);
  }

  /**
   * Visits /hello, is sent to the login form, posts it with the CSRF token; the cookie of the
   * logged-in session. Like a browser, it sends the latest session cookie it was given (in cookie
   * mode every change of the session comes as a new cookie).
   */
  static String logIn(String base) throws Exception {
    HttpResponse<String> hello = send(get(base, "/hello", null));
    assertThat(hello.statusCode()).isEqualTo(302);
    assertThat(hello.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    // store mode: the saved request is in a sessions4j session; cookie mode: in Spring Security's
    // own cookie (the starter's CookieRequestCache), and the session starts at the login form (CSRF)
    String anonymous = sessionCookie(hello);
    assertThat(hello.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    // Spring Security's own cookie of the saved request (cookie mode), sent back with the login
    String redirectCookie = hello.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("REDIRECT_URI=")).map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst().orElse(null);

    HttpResponse<String> form = send(get(base, "/login", anonymous));
    Matcher csrf = CSRF.matcher(form.body());
    assertThat(csrf.find()).as("CSRF token in " + form.body()).isTrue();
    if (sessionCookie(form) != null) {
      anonymous = sessionCookie(form);
    }

    HttpRequest.Builder loginRequest = get(base, "/login", anonymous);
    if (redirectCookie != null) {
      loginRequest.header("Cookie", redirectCookie);
    }
    HttpResponse<String> login = send(loginRequest
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=ada&password=secret&_csrf=" + csrf.group(1))));
    assertThat(login.statusCode()).isEqualTo(302);
    String loggedIn = sessionCookie(login);
    assertThat(loggedIn).as("a new session id at login").isNotNull().isNotEqualTo(anonymous);
    String savedPage = login.headers().firstValue("Location").orElseThrow();
    assertThat(savedPage).contains("/hello");

    HttpResponse<String> back = send(HttpRequest.newBuilder(URI.create(savedPage)).header("Accept", "text/html")
        .header("Cookie", "sid=" + loggedIn));
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo("hello ada");
    return sessionCookie(back) != null ? sessionCookie(back) : loggedIn;
  }

  @Test
  void formLoginWithCsrfOnASessions4jSessionAndOneSessionPerUser() throws Exception {
    String first = logIn();
    assertThat(send(get("/hello", first)).body()).isEqualTo("hello ada");

    String second = logIn();

    assertThat(send(get("/hello", second)).statusCode()).isEqualTo(200);
    assertThat(send(get("/hello", first)).statusCode()).as("maximumSessions(1) ended the first session").isEqualTo(302);
  }

  @Test
  void sessionListenerBeansHearOfSessionsOnce() throws Exception {
    CountingListener listener = storeApp.getBean(CountingListener.class);
    int before = listener.created.get();
    logIn();
    assertThat(listener.created.get() - before).as("one session created (the login changes its id)").isEqualTo(1);
  }

  @Test
  void formLoginWithCsrfInCookieMode() throws Exception {
    String loggedIn = logIn(cookieBase);
    assertThat(send(get(cookieBase, "/hello", loggedIn)).body()).isEqualTo("hello ada");
    HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(cookieBase + "/actuator/health/sessions4j"))
        .header("Accept", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:ops-secret".getBytes(StandardCharsets.UTF_8))));
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"mode\":\"cookie\"");
  }

  @Test
  void theEndpointListsAndEndsSessionsAndTheHealthContributorAnswers() throws Exception {
    String session = logIn();

    HttpResponse<String> list = send(actuator("/sessions4j?username=ada"));
    assertThat(list.statusCode()).isEqualTo(200);
    Matcher handle = Pattern.compile("\"handle\":\"([^\"]+)\"").matcher(list.body());
    assertThat(handle.find()).as(list.body()).isTrue();
    assertThat(list.body()).doesNotContain(session);

    HttpResponse<String> delete = send(actuator("/sessions4j/" + handle.group(1) + "?username=ada").DELETE());
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(send(get("/hello", session)).statusCode()).as("the ended session is logged out").isEqualTo(302);

    HttpResponse<String> health = send(actuator("/health/sessions4j"));
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"MemoryStore\"");
    assertThat(List.of(list.body(), health.body())).noneMatch(body -> body.contains(session));
  }
}
