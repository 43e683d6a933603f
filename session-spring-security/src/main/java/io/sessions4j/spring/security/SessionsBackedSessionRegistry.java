package io.sessions4j.spring.security;

import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A Spring Security {@link SessionRegistry} over the store's principal index (what Spring Session
 * calls {@code SpringSessionBackedSessionRegistry}), so {@code maximumSessions(n)} holds across
 * every node sharing a JDBC or Redis store.
 *
 * <p>The store indexes a session by its user when the security context is written (see
 * {@link SpringSecuritySessions}), so registering and removing are no-ops here. Expiring a session
 * ({@link SessionInformation#expireNow()}, what concurrent-session control does to the oldest)
 * destroys it in the store: its next request has no session, so the user there is logged out —
 * rather than Spring Security's "this session has been expired" answer, which would need a
 * session marked expired but kept. For the same reason {@link #getSessionInformation} answers
 * null (a destroyed session needs no check), which also saves {@code ConcurrentSessionFilter} a
 * store read per request. Needs a store with a principal index (memory, JDBC, Redis) in store
 * mode; cookie-mode sessions have no server-side identity to count.
 */
public final class SessionsBackedSessionRegistry implements SessionRegistry {
  private final SessionManager sessions;

  /** A registry over the store of {@code sessions}. */
  public SessionsBackedSessionRegistry(SessionManager sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** Not supported: a store lists one principal's sessions, not every principal. */
  @Override
  public List<Object> getAllPrincipals() {
    throw new UnsupportedOperationException("SessionsBackedSessionRegistry does not list every principal");
  }

  @Override
  public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
    String name = nameOf(principal);
    List<SessionSummary> found;
    try {
      found = sessions.findSessions(name).toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    // a mutable list: concurrent-session control sorts it by last request
    List<SessionInformation> infos = new ArrayList<>(found.size());
    for (SessionSummary summary : found) {
      infos.add(new StoredSessionInformation(principal, summary, sessions));
    }
    return infos;
  }

  /** Null: expired sessions are destroyed, so there is never one to report (see the class comment). */
  @Override
  public SessionInformation getSessionInformation(String sessionId) {
    return null;
  }

  /** Nothing to do: the store keeps last-access times. */
  @Override
  public void refreshLastRequest(String sessionId) {}

  /** Nothing to do: the store indexes the session when its security context is written. */
  @Override
  public void registerNewSession(String sessionId, Object principal) {}

  /** Nothing to do: a destroyed session leaves the index with it. */
  @Override
  public void removeSessionInformation(String sessionId) {}

  /** The name a principal is indexed under, as {@code Authentication.getName()} derives it. */
  static String nameOf(Object principal) {
    if (principal instanceof UserDetails user) {
      return user.getUsername();
    } else if (principal instanceof AuthenticatedPrincipal p) {
      return p.getName();
    } else if (principal instanceof Principal p) {
      return p.getName();
    }
    return String.valueOf(principal);
  }

  /** One stored session of a principal; expiring it destroys it. */
  private static final class StoredSessionInformation extends SessionInformation {
    private static final long serialVersionUID = 1L;
    private final transient SessionManager sessions;

    StoredSessionInformation(Object principal, SessionSummary summary, SessionManager sessions) {
      super(principal, summary.id(), Date.from(summary.lastAccessedAt()));
      this.sessions = sessions;
    }

    @Override
    public void expireNow() {
      super.expireNow();
      try {
        sessions.destroy(getSessionId()).toCompletableFuture().join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }
}
