package io.sessions4j.core;

/** What happens when a sealed cookie-mode session would exceed the size browsers accept. */
public enum CookieOverflow {
  /**
   * The commit fails with {@link SessionTooLargeException}: the request ends in an error instead of
   * a cookie the browser silently drops. The default.
   */
  FAIL,
  /**
   * The oversized cookie is not written (a warning is logged); the client keeps the cookie it had,
   * so this request's session changes are lost.
   */
  KEEP_PREVIOUS
}
