package io.sessions4j.spring.security;

import com.fasterxml.jackson.databind.Module;
import io.sessions4j.core.SessionConfig;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.jackson2.SecurityJackson2Modules;

/**
 * Makes a {@link SessionConfig} ready for Spring Security: its objects (security context,
 * authentication tokens, users and authorities, CSRF tokens, saved requests, OAuth2 login's
 * tokens and users when OAuth2 client is present) are stored as JSON written by Spring Security's
 * own Jackson modules — the format Spring Session uses with them — behind sessions4j's class-id
 * allow-list, in every store and in cookie mode; and sessions are indexed by the name of the
 * authenticated user, so a user's sessions can be found (concurrent-session control, "log out
 * everywhere").
 *
 * <p>Uses Spring Security's Jackson 2 modules: they exist in Spring Security 6 and, deprecated, in 7
 * (whose Jackson 3 modules write the same JSON). An application's own classes inside the context
 * (a custom {@code UserDetails}, say) must be allowed with
 * {@link SessionConfig.Builder#allowJacksonType} and be readable by Jackson; setting a context that
 * holds one that is not is refused at {@code setAttribute}, naming the class.
 */
public final class SpringSecuritySessions {
  /** The session attribute Spring Security keeps its {@link SecurityContext} in. */
  public static final String CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

  private SpringSecuritySessions() {}

  /** {@link #configure(SessionConfig.Builder, ClassLoader)} with this library's class loader. */
  public static SessionConfig.Builder configure(SessionConfig.Builder builder) {
    return configure(builder, SpringSecuritySessions.class.getClassLoader());
  }

  /**
   * Registers Spring Security's Jackson modules found through {@code loader} (core, web, servlet,
   * OAuth2 client, LDAP, SAML, CAS — whichever are present) and indexes sessions by the
   * authenticated user's name ({@code principalAttribute} = {@value #CONTEXT_ATTRIBUTE}).
   */
  public static SessionConfig.Builder configure(SessionConfig.Builder builder, ClassLoader loader) {
    for (Module module : SecurityJackson2Modules.getModules(loader)) {
      builder.jacksonModule(module);
    }
    // the one Spring Security class its modules give no mix-in to (their own allow-list names it)
    builder.allowJacksonType(SecurityContextImpl.class);
    return builder.principalAttribute(CONTEXT_ATTRIBUTE, SpringSecuritySessions::principalName);
  }

  /**
   * The name sessions are indexed by: the authenticated, non-anonymous user's
   * {@link Authentication#getName()} in a {@link SecurityContext}; otherwise null.
   */
  public static String principalName(Object contextAttribute) {
    if (!(contextAttribute instanceof SecurityContext context)) {
      return null;
    }
    Authentication authentication = context.getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return null;
    }
    return authentication.getName();
  }
}
