package io.sessions4j.core.store;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A {@link SessionStore} capability: finding the live sessions of one principal (the user a
 * session belongs to, see {@link StoredSession#principal()}), e.g. to end all of a user's sessions
 * after a password change. {@code SessionManager.findSessionIds} needs it; the memory, JDBC and
 * Redis stores have it.
 */
public interface PrincipalIndex {

  /** Unexpired records whose principal is exactly {@code principal}. */
  CompletionStage<List<StoredSession>> findByPrincipal(String principal);

  /**
   * The principal index of {@code store}.
   *
   * @throws UnsupportedOperationException when the store does not index principals
   */
  static PrincipalIndex of(SessionStore store) {
    if (store instanceof PrincipalIndex index) {
      return index;
    }
    throw new UnsupportedOperationException(store.getClass().getSimpleName() + " does not index principals");
  }
}
