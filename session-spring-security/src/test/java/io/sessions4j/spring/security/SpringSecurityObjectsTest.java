package io.sessions4j.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.testing.TestExchange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;

/**
 * Spring Security's session objects survive a request boundary as Spring Security reads them: in
 * store mode and in cookie mode, through the engine (encode, store or seal, load, decode).
 */
class SpringSecurityObjectsTest {
  static final String KEY = "spring-security-test-key-0123456789abcdef";
  static final List<GrantedAuthority> AUTHORITIES = AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN");

  SessionManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  static Stream<Arguments> modes() {
    return Stream.of(Arguments.of(SessionMode.STORE), Arguments.of(SessionMode.COOKIE));
  }

  /** Puts {@code value} in a new session, then reads it back in the next request. */
  Object roundTrip(SessionMode mode, String name, Object value) {
    manager = SessionManager.create(SpringSecuritySessions.configure(
        SessionConfig.builder().mode(mode).keys(KEY)).build());
    TestExchange first = new TestExchange();
    Session s = manager.load(first).toCompletableFuture().join();
    s.put(name, value);
    manager.commit(first, s).toCompletableFuture().join();
    String cookie = first.sessionCookie("sid");
    assertThat(cookie).as("session cookie").isNotNull();

    Session next = manager.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
    assertThat(next.isNew()).isFalse();
    return next.get(name);
  }

  static User ada() {
    return new User("ada", "", true, true, true, true, AUTHORITIES);
  }

  static SecurityContext contextOf(Authentication authentication) {
    return new SecurityContextImpl(authentication);
  }

  @ParameterizedTest
  @MethodSource("modes")
  void securityContextWithUsernamePasswordTokenUserAuthoritiesAndDetails(SessionMode mode) {
    UsernamePasswordAuthenticationToken token =
        UsernamePasswordAuthenticationToken.authenticated(ada(), null, AUTHORITIES);
    token.setDetails(new WebAuthenticationDetails("203.0.113.7", "previous-session"));

    Object back = roundTrip(mode, SpringSecuritySessions.CONTEXT_ATTRIBUTE, contextOf(token));

    assertThat(back).isInstanceOf(SecurityContextImpl.class).isEqualTo(contextOf(token));
    Authentication auth = ((SecurityContext) back).getAuthentication();
    assertThat(auth).isInstanceOf(UsernamePasswordAuthenticationToken.class);
    assertThat(auth.isAuthenticated()).isTrue();
    assertThat(auth.getPrincipal()).isInstanceOf(User.class);
    assertThat(((User) auth.getPrincipal()).getUsername()).isEqualTo("ada");
    assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactly("ROLE_USER", "ROLE_ADMIN");
    assertThat(auth.getDetails()).isEqualTo(new WebAuthenticationDetails("203.0.113.7", "previous-session"));
  }

  @ParameterizedTest
  @MethodSource("modes")
  void csrfToken(SessionMode mode) {
    Object back = roundTrip(mode, "org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN",
        new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "token-value"));
    assertThat(back).isInstanceOf(DefaultCsrfToken.class);
    CsrfToken token = (CsrfToken) back;
    assertThat(List.of(token.getHeaderName(), token.getParameterName(), token.getToken()))
        .containsExactly("X-CSRF-TOKEN", "_csrf", "token-value");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void savedRequest(SessionMode mode) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/orders/42");
    request.setScheme("https");
    request.setServerName("shop.example");
    request.setServerPort(443);
    request.setQueryString("page=2");
    request.setParameter("page", "2");
    request.addHeader("Accept", "text/html");
    request.addHeader("Accept-Language", "en-GB");
    request.addPreferredLocale(java.util.Locale.UK);
    request.setCookies(new jakarta.servlet.http.Cookie("theme", "dark"));

    Object back = roundTrip(mode, "SPRING_SECURITY_SAVED_REQUEST", new DefaultSavedRequest(request, "continue"));

    assertThat(back).isInstanceOf(DefaultSavedRequest.class);
    DefaultSavedRequest saved = (DefaultSavedRequest) back;
    assertThat(saved.getRedirectUrl()).isEqualTo("https://shop.example/orders/42?page=2&continue");
    assertThat(saved.getMethod()).isEqualTo("GET");
    assertThat(saved.getHeaderValues("Accept")).containsExactly("text/html");
    assertThat(saved.getParameterValues("page")).containsExactly("2");
    assertThat(saved.getCookies()).extracting(jakarta.servlet.http.Cookie::getValue).containsExactly("dark");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void rememberMeAndAnonymousTokens(SessionMode mode) {
    RememberMeAuthenticationToken rememberMe = new RememberMeAuthenticationToken("key", ada(), AUTHORITIES);
    assertThat(roundTrip(mode, SpringSecuritySessions.CONTEXT_ATTRIBUTE, contextOf(rememberMe)))
        .isEqualTo(contextOf(rememberMe));

    AnonymousAuthenticationToken anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
        AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    assertThat(roundTrip(mode, SpringSecuritySessions.CONTEXT_ATTRIBUTE, contextOf(anonymous)))
        .isEqualTo(contextOf(anonymous));
  }

  @ParameterizedTest
  @MethodSource("modes")
  void oauth2LoginTokenWithOAuth2AndOidcUsers(SessionMode mode) {
    DefaultOAuth2User octocat = new DefaultOAuth2User(AuthorityUtils.createAuthorityList("OAUTH2_USER"),
        Map.of("login", "octocat", "id", 583231), "login");
    OAuth2AuthenticationToken github = new OAuth2AuthenticationToken(octocat, octocat.getAuthorities(), "github");
    assertThat(roundTrip(mode, SpringSecuritySessions.CONTEXT_ATTRIBUTE, contextOf(github)))
        .isEqualTo(contextOf(github));

    Instant issued = Instant.parse("2026-12-06T10:00:00Z");
    OidcIdToken idToken = new OidcIdToken("id-token-value", issued, issued.plusSeconds(3600),
        Map.of("sub", "ada", "iss", "https://issuer.example", "aud", List.of("shop")));
    DefaultOidcUser oidc = new DefaultOidcUser(Set.of(new OidcUserAuthority(idToken)), idToken);
    OAuth2AuthenticationToken google = new OAuth2AuthenticationToken(oidc, oidc.getAuthorities(), "google");
    Object back = roundTrip(mode, SpringSecuritySessions.CONTEXT_ATTRIBUTE, contextOf(google));
    assertThat(back).isEqualTo(contextOf(google));
    assertThat(((OAuth2AuthenticationToken) ((SecurityContext) back).getAuthentication()).getPrincipal().getName())
        .isEqualTo("ada");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void oauth2AuthorizationRequest(SessionMode mode) {
    OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
        .authorizationUri("https://issuer.example/authorize").clientId("shop")
        .redirectUri("https://shop.example/login/oauth2/code/issuer").scopes(Set.of("openid"))
        .state("state-123").build();
    Object back = roundTrip(mode, "OAUTH2_AUTHORIZATION_REQUEST", request);
    assertThat(back).isInstanceOf(OAuth2AuthorizationRequest.class);
    assertThat(((OAuth2AuthorizationRequest) back).getState()).isEqualTo("state-123");
    assertThat(((OAuth2AuthorizationRequest) back).getAuthorizationRequestUri())
        .isEqualTo(request.getAuthorizationRequestUri());
  }

  /** An application's own principal class, not allowed. */
  public static final class ShopUser extends User {
    private static final long serialVersionUID = 1L;

    public ShopUser(String username) {
      super(username, "", AUTHORITIES);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void anApplicationPrincipalClassNotAllowedIsRefusedAtSetAttributeNamingHowToAllowIt(SessionMode mode) {
    manager = SessionManager.create(SpringSecuritySessions.configure(
        SessionConfig.builder().mode(mode).keys(KEY)).build());
    Session s = manager.load(new TestExchange()).toCompletableFuture().join();
    SecurityContext context = contextOf(
        UsernamePasswordAuthenticationToken.authenticated(new ShopUser("ada"), null, AUTHORITIES));
    assertThatThrownBy(() -> s.put(SpringSecuritySessions.CONTEXT_ATTRIBUTE, context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ShopUser.class.getName())
        .hasMessageContaining("allowJacksonType");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void aDataClassNotOnTheListIsStillRefusedAtPut(SessionMode mode) {
    manager = SessionManager.create(SpringSecuritySessions.configure(
        SessionConfig.builder().mode(mode).keys(KEY)).build());
    Session s = manager.load(new TestExchange()).toCompletableFuture().join();
    Consumer<Object> put = v -> s.put("when", v);
    assertThatThrownBy(() -> put.accept(new java.util.Date()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowType");
  }
}
