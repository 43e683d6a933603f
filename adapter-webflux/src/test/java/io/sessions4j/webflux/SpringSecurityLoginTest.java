package io.sessions4j.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.spring.security.SpringSecuritySessions;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * A Spring WebFlux application with Spring Security's reactive defaults — form login with CSRF,
 * the saved request, logout — whose sessions are sessions4j's: the security context, the CSRF
 * token and the saved request are kept as JSON (Spring Security's Jackson modules, through
 * session-spring-security) in the store, over HTTP, on Reactor Netty.
 */
class SpringSecurityLoginTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  AnnotationConfigApplicationContext context;
  TestServer server;
  TestBrowser browser;

  @BeforeEach
  void start() {
    context = new AnnotationConfigApplicationContext(SecuredApp.class);
    server = TestServer.start(WebHttpHandlerBuilder.applicationContext(context).build(), 2);
    browser = new TestBrowser(server);
  }

  @AfterEach
  void stop() {
    server.close();
    context.close();
  }

  @Test
  void logsInWithTheFormAndCsrfThenLogsOut() throws Exception {
    HttpResponse<String> protectedPage = browser.get("/me");
    assertThat(protectedPage.statusCode()).isEqualTo(302);
    assertThat(TestBrowser.location(protectedPage).getPath()).isEqualTo("/login");
    String anonymousSid = browser.cookies.get("sid");
    assertThat(anonymousSid).as("the saved request is kept in a session").isNotNull();

    HttpResponse<String> loginPage = browser.get("/login");
    assertThat(loginPage.statusCode()).isEqualTo(200);
    String loginFormSid = browser.cookies.get("sid"); // Spring Security's CSRF repository changes the id as it stores a token
    HttpResponse<String> login = browser.postForm("/login",
        Map.of("username", "ada", "password", "secret", "_csrf", csrf(loginPage)));

    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(TestBrowser.location(login).getPath()).as("back to the saved request").isEqualTo("/me");
    String loggedInSid = browser.cookies.get("sid");
    assertThat(loggedInSid).as("a new id at login, against fixation").isNotNull()
        .isNotEqualTo(anonymousSid).isNotEqualTo(loginFormSid);
    HttpResponse<String> me = browser.get("/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("hello ada");
    assertThat(sessions().findSessionIds("ada").toCompletableFuture().join())
        .as("the store indexes the session by its user").hasSize(1);

    HttpResponse<String> logoutPage = browser.get("/logout");
    HttpResponse<String> logout = browser.postForm("/logout", Map.of("_csrf", csrf(logoutPage)));

    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(TestBrowser.location(logout).toString()).isEqualTo("/login?logout");
    assertThat(browser.get("/me").statusCode()).as("logged out").isEqualTo(302);
    assertThat(sessions().findSessionIds("ada").toCompletableFuture().join()).isEmpty();
  }

  @Test
  void theIdPresentedBeforeLoginDoesNotCarryTheLogin() throws Exception {
    browser.get("/me");
    HttpResponse<String> loginPage = browser.get("/login");
    String anonymousSid = browser.cookies.get("sid"); // the id the login form is posted with
    assertThat(anonymousSid).isNotNull();
    browser.postForm("/login", Map.of("username", "ada", "password", "secret", "_csrf", csrf(loginPage)));

    browser.cookies.put("sid", anonymousSid);
    HttpResponse<String> withOldId = browser.get("/me");

    assertThat(withOldId.statusCode()).isEqualTo(302);
    assertThat(TestBrowser.location(withOldId).getPath()).isEqualTo("/login");
  }

  @Test
  void aWrongPasswordLogsNobodyIn() throws Exception {
    HttpResponse<String> loginPage = browser.get("/login");
    HttpResponse<String> login = browser.postForm("/login",
        Map.of("username", "ada", "password", "wrong", "_csrf", csrf(loginPage)));

    assertThat(TestBrowser.location(login).toString()).isEqualTo("/login?error");
    assertThat(browser.get("/me").statusCode()).isEqualTo(302);
  }

  private SessionManager sessions() {
    return context.getBean(SessionManager.class);
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher matcher = CSRF.matcher(page.body());
    assertThat(matcher.find()).as("a CSRF field in %s", page.body()).isTrue();
    return matcher.group(1);
  }

  /** The application: WebFlux, Spring Security's reactive defaults, a route, and sessions4j's session manager. */
  @Configuration
  @EnableWebFlux
  @EnableWebFluxSecurity
  static class SecuredApp {
    @Bean
    SessionManager sessionManager() {
      return SessionManager.create(SpringSecuritySessions.configure(SessionConfig.builder()
          .store(MemoryStore.builder().build())).build());
    }

    /** The name {@code WebHttpHandlerBuilder.applicationContext} looks for. */
    @Bean
    SessionsWebSessionManager webSessionManager(SessionManager sessionManager) {
      return new SessionsWebSessionManager(sessionManager);
    }

    @Bean
    SessionFailureHandler sessionFailureHandler() {
      return new SessionFailureHandler();
    }

    @Bean
    MapReactiveUserDetailsService users() {
      return new MapReactiveUserDetailsService(User.withUsername("ada").password("{noop}secret").roles("USER").build());
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http
          .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
          .formLogin(withDefaults())
          .logout(withDefaults())
          .build();
    }

    @Bean
    RouterFunction<ServerResponse> routes() {
      return route(RequestPredicates.GET("/me"), request -> request.principal()
          .flatMap(user -> ServerResponse.ok().bodyValue("hello " + user.getName())));
    }
  }
}
