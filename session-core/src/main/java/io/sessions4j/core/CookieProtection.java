package io.sessions4j.core;

/** How a cookie-mode session cookie is protected. */
public enum CookieProtection {
  /** AES-256-GCM: the client can neither read nor change the payload. The default. */
  ENCRYPTED,
  /**
   * HMAC-SHA256: the client cannot change the payload but can read it. Never put secrets in a
   * signed-only session.
   */
  SIGNED
}
