package io.sessions4j.spring.e2e.app;

import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.HtmlUtils;

/**
 * The app of the end-to-end tests, the same source compiled in spring-boot-tests/boot3 (Boot 3.5)
 * and boot4 (Boot 4.0), each of which adds it as a test source root: Spring Security's defaults (its login page, CSRF,
 * logout) plus remember-me and, in store mode, {@code maximumSessions(1)} (Spring Security takes
 * the starter's {@link SessionRegistry} bean by itself); every page needs a login. What it serves is
 * {@link LoginFlowContract}'s app. Its sessions come from the sessions4j Spring Boot starter,
 * configured by {@code sessions4j.*} properties; the app has no sessions4j code.
 */
@SpringBootApplication
public class LoginApp {
  /** Starts the app on a free port with {@code properties} over its defaults. */
  public static Running start(Map<String, Object> properties) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(LoginApp.class)
        .properties(Map.of("server.address", "127.0.0.1", "server.port", "0",
            "management.endpoints.web.exposure.include", "sessions4j,metrics"))
        .properties(properties)
        .run();
    return new Running(context);
  }

  /** A started app; closing it stops it. */
  public record Running(ConfigurableApplicationContext context) implements RunningApp {
    @Override
    public URI uri() {
      return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** Actuator for the administrator only: HTTP basic, no session, no CSRF (a tool calls it, not a browser). */
  @Bean
  @Order(1)
  SecurityFilterChain administration(HttpSecurity http) throws Exception {
    http.securityMatcher("/actuator/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  @Bean
  SecurityFilterChain security(HttpSecurity http, UserDetailsService users, Environment env) throws Exception {
    // "/error" open, as Boot apps do: otherwise an error page (a 403 for a missing CSRF token, say)
    // sends an anonymous client to the login page instead
    http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll().anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .rememberMe(rememberMe -> rememberMe.key("sessions4j-e2e-remember-me").userDetailsService(users))
        .logout(Customizer.withDefaults());
    // cookie mode has no server-side session to count or end: concurrent-session control needs store mode
    if (!"cookie".equalsIgnoreCase(env.getProperty("sessions4j.mode", "store"))) {
      http.sessionManagement(sessions -> sessions.maximumSessions(1));
    }
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    List<UserDetails> users = new ArrayList<>(Arrays.stream(LoginFlowContract.USERS)
        .map(name -> User.withUsername(name).password("{noop}" + LoginFlowContract.PASSWORD).roles("USER").build())
        .toList());
    users.add(User.withUsername(LoginFlowContract.ADMIN).password("{noop}" + LoginFlowContract.PASSWORD)
        .roles("ADMIN").build());
    return new InMemoryUserDetailsManager(users);
  }

  /** The protected page, and a Spring MVC flash attribute for it. */
  @RestController
  static class Account {
    @GetMapping(value = {"/", "/account"}, produces = MediaType.TEXT_HTML_VALUE)
    String account(Authentication user, CsrfToken csrf, HttpServletRequest request, Model model) {
      String query = request.getQueryString() == null ? "" : request.getQueryString();
      HttpSession session = request.getSession(false);
      Object failure = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
      return "<!doctype html><title>account</title>"
          + "<p class=\"user\">Signed in as " + HtmlUtils.htmlEscape(user.getName()) + "</p>"
          + "<p class=\"query\">" + HtmlUtils.htmlEscape(query) + "</p>"
          + "<p class=\"failure\">Last login failure: "
          + (failure instanceof Exception e ? HtmlUtils.htmlEscape(e.getMessage()) : "none") + "</p>"
          + "<p class=\"flash\">Flash: "
          + (model.getAttribute("flash") instanceof String flash ? HtmlUtils.htmlEscape(flash) : "none") + "</p>"
          + "<form method=\"post\" action=\"/logout\">"
          + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + HtmlUtils.htmlEscape(csrf.getToken()) + "\">"
          + "<button>Log out</button></form>";
    }

    /** A Spring MVC flash attribute, then Post/Redirect/Get. */
    @PostMapping("/flash")
    RedirectView flash(@RequestParam String message, RedirectAttributes redirect) {
      redirect.addFlashAttribute("flash", message);
      return new RedirectView("/account");
    }
  }
}
