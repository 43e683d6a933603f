package io.sessions4j.servlet;

import io.sessions4j.core.Session;
import jakarta.servlet.ServletRequest;

/**
 * Direct access to the sessions4j {@link Session} of a request that passed through a {@link
 * SessionFilter}: the full core API ({@code regenerate()}, {@code touch()}, {@code save()}, typed
 * {@code get(name, type)}, per-session {@code maxAge}) next to the {@code HttpSession} view.
 *
 * <pre>{@code
 * Session session = Sessions.of(request);
 * session.put("user", "ada");
 * }</pre>
 *
 * <p>The session is also the request attribute {@value #ATTRIBUTE}, for code that cannot depend on
 * this class (JSP EL, templates).
 */
public final class Sessions {

  /** The request attribute holding the request's {@link Session}. */
  public static final String ATTRIBUTE = "io.sessions4j.Session";

  private Sessions() {}

  /**
   * The session of {@code request}.
   *
   * @throws IllegalStateException when no {@link SessionFilter} handled this request
   */
  public static Session of(ServletRequest request) {
    Object session = request.getAttribute(ATTRIBUTE);
    if (session instanceof Session s) {
      return s;
    }
    throw new IllegalStateException("This request has no sessions4j session: map a SessionFilter to its path "
        + "(and, for async or forwarded requests, to the ASYNC and FORWARD dispatcher types)");
  }
}
