package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionManager;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Reactive applications get the WebFlux adapter: {@code webSessionManager} is a {@link
 * SessionsWebSessionManager} on the engine bean — over HTTP in a whole Spring Boot WebFlux
 * application with every auto-configuration of the classpath (Boot 3 here, Boot 4 in boot4-tests),
 * Spring Security's reactive form login and logout included — and servlet applications do not; Boot's WebFlux session properties
 * are named as ineffective.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxApplicationTest {
  static final Pattern SESSION_COOKIE = Pattern.compile("^sid=([^;]*)");
  static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsWebFluxAutoConfiguration.class));

  @Test
  void aReactiveApplicationsWebSessionManagerIsTheAdaptersOnTheEngineBean() {
    reactive.run(context -> {
      WebSessionManager manager = context.getBean("webSessionManager", WebSessionManager.class);
      assertThat(manager).isInstanceOf(SessionsWebSessionManager.class);
      assertThat(((SessionsWebSessionManager) manager).manager()).isSameAs(context.getBean(SessionManager.class));
      assertThat(context).hasSingleBean(SessionFailureHandler.class);
    });
  }

  @Test
  void webFluxsOwnSessionPropertiesAreNamedAsIneffective(CapturedOutput output) {
    reactive.withPropertyValues("server.reactive.session.timeout=5m", "spring.webflux.session.cookie.name=JSID")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output).contains("[server.reactive.session.timeout, spring.webflux.session.cookie.name] configure "
        + "Spring WebFlux's own sessions, which sessions4j replaces");
  }

  @Test
  void yourOwnWebSessionManagerReplacesTheStarters() {
    reactive.withBean("webSessionManager", WebSessionManager.class, DefaultWebSessionManager::new)
        .run(context -> assertThat(context.getBean("webSessionManager")).isInstanceOf(DefaultWebSessionManager.class));
  }

  @Test
  void withoutTheWebFluxAdapterWebFluxKeepsItsOwnSessions() {
    reactive.withClassLoader(new FilteredClassLoader(SessionsWebSessionManager.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SessionManager.class);
      assertThat(context).doesNotHaveBean("webSessionManager").doesNotHaveBean(SessionFailureHandler.class);
    });
  }

  @Test
  void aReactiveApplicationInCookieModeGetsNoServletRequestCache() {
    reactive.withConfiguration(AutoConfigurations.of(SessionsSecurityAutoConfiguration.class))
        .withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=a-test-key-of-at-least-thirty-two-bytes!")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SessionsWebSessionManager.class);
          assertThat(context).doesNotHaveBean("sessions4jCookieModeRequestCache");
        });
  }

  @Test
  void aServletApplicationGetsNoWebSessionManager() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsWebFluxAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(SessionsWebSessionManager.class));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http
          .authorizeExchange(exchanges -> exchanges.pathMatchers("/count").permitAll().anyExchange().authenticated())
          .formLogin(Customizer.withDefaults())
          .logout(Customizer.withDefaults())
          .build();
    }

    @Bean
    MapReactiveUserDetailsService users() {
      return new MapReactiveUserDetailsService(User.withUsername("ada").password("{noop}secret").roles("USER").build());
    }

    @Bean
    RouterFunction<ServerResponse> routes() {
      return RouterFunctions.route(RequestPredicates.GET("/count"), request -> request.session().flatMap(session -> {
        Integer views = session.getAttribute("views");
        session.getAttributes().put("views", views == null ? 1 : views + 1);
        return ServerResponse.ok().bodyValue("views: " + session.getAttributes().get("views"));
      })).andRoute(RequestPredicates.GET("/me"), request -> request.principal()
          .flatMap(user -> ServerResponse.ok().bodyValue("hello " + user.getName())));
    }
  }

  static ConfigurableApplicationContext app;
  static String base;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).build(); // as a browser on plain HTTP: no h2c upgrade offers

  @BeforeAll
  static void startApp() {
    app = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.REACTIVE)
        .properties("server.port=0", "server.address=127.0.0.1")
        .run();
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  static HttpResponse<String> get(String path, String sid) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html");
    if (sid != null) {
      request.header("Cookie", "sid=" + sid);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String sid, String form) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", "sid=" + sid)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The session cookie's value a response sets, or {@code previous} when it sets none. */
  static String sid(HttpResponse<?> response, String previous) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      Matcher cookie = SESSION_COOKIE.matcher(header);
      if (cookie.find()) {
        return cookie.group(1);
      }
    }
    return previous;
  }

  static String csrf(HttpResponse<String> page) {
    Matcher matcher = CSRF.matcher(page.body());
    assertThat(matcher.find()).as("a CSRF field in %s", page.body()).isTrue();
    return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
  }

  @Test
  void aWebFluxApplicationKeepsItsSessionInSessions4j() throws Exception {
    HttpResponse<String> first = get("/count", null);
    String sid = sid(first, null);
    assertThat(sid).as("sessions4j's cookie, sid, not Spring's SESSION: %s", first.headers().map()).isNotNull();
    HttpResponse<String> second = get("/count", sid);

    assertThat(first.body()).isEqualTo("views: 1");
    assertThat(second.body()).isEqualTo("views: 2");
  }

  @Test
  void springSecuritysReactiveFormLoginAndLogoutRunOnTheSession() throws Exception {
    HttpResponse<String> protectedPage = get("/me", null);
    assertThat(protectedPage.statusCode()).isEqualTo(302);
    String savedRequest = sid(protectedPage, null);
    HttpResponse<String> loginPage = get("/login", savedRequest);
    // Spring Security's WebSessionServerCsrfTokenRepository changes the session id when it stores a token
    String anonymous = sid(loginPage, savedRequest);
    assertThat(savedRequest).as("the saved request is kept in a session").isNotNull();

    HttpResponse<String> login = post("/login", anonymous, "username=ada&password=secret&_csrf=" + csrf(loginPage));
    String loggedIn = sid(login, anonymous);
    HttpResponse<String> me = get("/me", loggedIn);

    assertThat(login.headers().firstValue("Location")).as("%s %s", login.statusCode(), login.body()).hasValue("/me");
    assertThat(loggedIn).as("a new id at login").isNotNull().isNotEqualTo(anonymous);
    assertThat(me.body()).isEqualTo("hello ada");
    assertThat(app.getBean(SessionManager.class).findSessionIds("ada").toCompletableFuture().join())
        .as("the starter's Spring Security support indexes the session by user").hasSize(1);

    HttpResponse<String> logout = post("/logout", loggedIn, "_csrf=" + csrf(get("/logout", loggedIn)));
    String afterLogout = sid(logout, loggedIn);

    assertThat(logout.headers().firstValue("Location")).hasValue("/login?logout");
    assertThat(get("/me", afterLogout).statusCode()).as("logged out").isEqualTo(302);
  }
}
