package io.sessions4j.examples.springboot;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security as most Boot apps have it, unchanged for sessions4j: its own login page, CSRF
 * tokens, remember-me, logout, and in store mode {@code maximumSessions(1)}, which counts sessions
 * with the starter's {@link SessionRegistry} bean (a second login of a user ends the first session, across every node
 * sharing the store). Cookie mode leaves that out: the session lives in the browser, so the server
 * has nothing to count or end.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  SecurityFilterChain security(HttpSecurity http, UserDetailsService users, Environment env) throws Exception {
    http.authorizeHttpRequests(requests -> requests
            .requestMatchers("/", "/cart", "/error").permitAll()
            .anyRequest().authenticated())
        .formLogin(Customizer.withDefaults())
        .rememberMe(rememberMe -> rememberMe.key(rememberMeKey(env)).userDetailsService(users))
        .logout(logout -> logout.logoutSuccessUrl("/?logged-out"));
    // cookie mode: no server-side sessions to count (and the starter keeps the page to return to
    // after login in a cookie of its own, a CookieRequestCache, not in the session cookie)
    if (!"cookie".equalsIgnoreCase(env.getProperty("sessions4j.mode", "store"))) {
      http.sessionManagement(sessions -> sessions.maximumSessions(1));
    }
    return http.build();
  }

  /** Two demo users; a real app has a UserDetailsService on its user database. */
  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("ada").password("{noop}password").roles("USER").build(),
        User.withUsername("grace").password("{noop}password").roles("USER").build());
  }

  /** {@code example.remember-me-key}, or a random one: remember-me cookies then end with the run. */
  private static String rememberMeKey(Environment env) {
    String key = env.getProperty("example.remember-me-key");
    if (key != null && !key.isBlank()) {
      return key;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
