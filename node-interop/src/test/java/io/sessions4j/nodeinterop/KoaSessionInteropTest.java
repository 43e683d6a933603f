package io.sessions4j.nodeinterop;

import io.sessions4j.core.compat.node.NodeCompat;

/** koa-session (cookie mode) on Koa and sessions4j with compat=koa-session. */
class KoaSessionInteropTest extends CookieInteropContract {
  @Override
  String script() {
    return "koa-app.mjs";
  }

  @Override
  NodeCompat compat() {
    return NodeCompat.KOA_SESSION;
  }

  @Override
  String cookieName() {
    return "koa.sess";
  }
}
