package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.spring.security.SessionsBackedSessionRegistry;
import io.sessions4j.spring.security.SpringSecuritySessions;
import io.sessions4j.testing.TestExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.User;

/** With Spring Security on the classpath its objects are stored, sessions are indexed by user, and a registry is there. */
class SpringSecuritySupportTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsSecurityAutoConfiguration.class));

  static SecurityContext loggedIn(String name) {
    User user = new User(name, "", AuthorityUtils.createAuthorityList("ROLE_USER"));
    return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
  }

  @Test
  void theSecurityContextIsStoredAndItsUserIndexed() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      TestExchange login = new TestExchange();
      Session session = manager.load(login).toCompletableFuture().join();
      session.put(SpringSecuritySessions.CONTEXT_ATTRIBUTE, loggedIn("ada"));
      manager.commit(login, session).toCompletableFuture().join();

      Session next = manager.load(TestExchange.withCookieHeader(login.sessionCookie("sid"))).toCompletableFuture().join();
      SecurityContext read = next.get(SpringSecuritySessions.CONTEXT_ATTRIBUTE, SecurityContext.class);
      assertThat(read.getAuthentication().getName()).isEqualTo("ada");
      assertThat(manager.findSessionIds("ada").toCompletableFuture().join()).containsExactly(next.id());
    });
  }

  @Test
  void theRegistryIsOverTheEngine() {
    runner.run(context -> assertThat(context.getBean(SessionRegistry.class))
        .isInstanceOf(SessionsBackedSessionRegistry.class));
  }

  @Test
  void yourOwnRegistryReplacesIt() {
    SessionRegistryImpl own = new SessionRegistryImpl();
    runner.withBean(SessionRegistry.class, () -> own)
        .run(context -> assertThat(context.getBean(SessionRegistry.class)).isSameAs(own));
  }

  @Test
  void anExplicitPrincipalAttributeWins() {
    runner.withPropertyValues("sessions4j.principal-attribute=user")
        .run(context -> assertThat(context.getBean(SessionConfig.class).principalAttribute()).isEqualTo("user"));
    runner.run(context -> assertThat(context.getBean(SessionConfig.class).principalAttribute())
        .isEqualTo(SpringSecuritySessions.CONTEXT_ATTRIBUTE));
  }

  @Test
  void withoutSpringSecurityNothingOfItIsConfigured() {
    runner.withClassLoader(new FilteredClassLoader(SessionRegistry.class)).run(context -> {
      assertThat(context).doesNotHaveBean(SessionRegistry.class);
      assertThat(context.getBean(SessionConfig.class).principalAttribute()).isNull();
    });
  }

  @Test
  void cookieModeKeepsTheSavedRequestInACookieOfItsOwn() {
    // a servlet application's request cache (a reactive one keeps only the path: WebFluxApplicationTest)
    WebApplicationContextRunner servlet = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsSecurityAutoConfiguration.class));
    servlet.withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=" + "k".repeat(40))
        .run(context -> assertThat(context.getBean(org.springframework.security.web.savedrequest.RequestCache.class))
            .isInstanceOf(org.springframework.security.web.savedrequest.CookieRequestCache.class));
    servlet.run(context -> assertThat(context)
        .doesNotHaveBean(org.springframework.security.web.savedrequest.RequestCache.class));
  }
}
