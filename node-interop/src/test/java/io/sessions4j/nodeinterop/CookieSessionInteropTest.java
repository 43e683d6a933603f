package io.sessions4j.nodeinterop;

import io.sessions4j.core.compat.node.NodeCompat;

/** cookie-session on Express and sessions4j with compat=cookie-session. */
class CookieSessionInteropTest extends CookieInteropContract {
  @Override
  String script() {
    return "cookie-session-app.mjs";
  }

  @Override
  NodeCompat compat() {
    return NodeCompat.COOKIE_SESSION;
  }

  @Override
  String cookieName() {
    return "session";
  }
}
