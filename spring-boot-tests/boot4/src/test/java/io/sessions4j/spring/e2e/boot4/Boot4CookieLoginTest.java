package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.CookieLogin;

/** The login flow on Boot 4.0, cookie mode. */
class Boot4CookieLoginTest extends CookieLogin {
  @Override
  protected BootLine line() {
    return Boot4App.LINE;
  }
}
