package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.CookieLogin;

/** The login flow on Boot 3.5, cookie mode. */
class Boot3CookieLoginTest extends CookieLogin {
  @Override
  protected BootLine line() {
    return Boot3App.LINE;
  }
}
