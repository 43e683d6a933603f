package io.sessions4j.core;

/** Where session data lives. */
public enum SessionMode {
  /** An id in the cookie (or a header), data in a {@link io.sessions4j.core.store.SessionStore}. */
  STORE,
  /**
   * The whole session sealed into the cookie, encrypted or signed. No server
   * state; a cookie can hold about 4 KB, and a stolen cookie stays valid until its sealed expiry.
   */
  COOKIE
}
