package io.sessions4j.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.userdetails.User;

/** The registry finds a user's sessions through the store's principal index, and expiring one ends it. */
class SessionsBackedSessionRegistryTest {
  final SessionManager manager = SessionManager.create(
      SpringSecuritySessions.configure(SessionConfig.builder().keys(SpringSecurityObjectsTest.KEY)).build());
  final SessionsBackedSessionRegistry registry = new SessionsBackedSessionRegistry(manager);

  @AfterEach
  void close() {
    manager.close();
  }

  static User user(String name) {
    return new User(name, "", AuthorityUtils.createAuthorityList("ROLE_USER"));
  }

  /** A request that logs {@code name} in; returns the session cookie. */
  String login(String name) {
    TestExchange ex = new TestExchange();
    Session s = manager.load(ex).toCompletableFuture().join();
    s.put(SpringSecuritySessions.CONTEXT_ATTRIBUTE, new SecurityContextImpl(
        UsernamePasswordAuthenticationToken.authenticated(user(name), null, user(name).getAuthorities())));
    manager.commit(ex, s).toCompletableFuture().join();
    return ex.sessionCookie("sid");
  }

  boolean isLive(String cookie) {
    Session s = manager.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
    return !s.isNew();
  }

  @Test
  void findsEachSessionOfTheUserAndOnlyTheirs() {
    login("ada");
    login("ada");
    login("grace");
    List<SessionInformation> ada = registry.getAllSessions(user("ada"), false);
    assertThat(ada).hasSize(2).allSatisfy(info -> {
      assertThat(info.getPrincipal()).isEqualTo(user("ada"));
      assertThat(info.getLastRequest()).isNotNull();
      assertThat(info.isExpired()).isFalse();
    });
    ada.sort(java.util.Comparator.comparing(SessionInformation::getLastRequest)); // as concurrency control does
    assertThat(registry.getAllSessions("grace", false)).hasSize(1);
    assertThat(registry.getAllSessions("nobody", false)).isEmpty();
  }

  @Test
  void expiringASessionEndsItInTheStore() {
    String first = login("ada");
    String second = login("ada");
    String firstId = manager.load(TestExchange.withCookieHeader(first)).toCompletableFuture().join().id();
    SessionInformation oldest = registry.getAllSessions(user("ada"), false).stream()
        .filter(info -> info.getSessionId().equals(firstId)).findFirst().orElseThrow();

    oldest.expireNow();

    assertThat(oldest.isExpired()).isTrue();
    assertThat(registry.getAllSessions(user("ada"), false)).hasSize(1);
    assertThat(isLive(first)).isFalse();
    assertThat(isLive(second)).isTrue();
  }

  @Test
  void anAnonymousOrLoggedOutContextIsNotIndexed() {
    TestExchange ex = new TestExchange();
    Session s = manager.load(ex).toCompletableFuture().join();
    s.put(SpringSecuritySessions.CONTEXT_ATTRIBUTE, new SecurityContextImpl());
    manager.commit(ex, s).toCompletableFuture().join();
    assertThat(registry.getAllSessions("null", false)).isEmpty();
    assertThat(SpringSecuritySessions.principalName(new SecurityContextImpl())).isNull();
    assertThat(SpringSecuritySessions.principalName("not a context")).isNull();
  }
}
