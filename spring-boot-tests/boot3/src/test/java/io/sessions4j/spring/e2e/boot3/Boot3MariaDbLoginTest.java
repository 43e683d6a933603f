package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.MariaDbLogin;

/** The login flow on Boot 3.5, MariaDB. */
class Boot3MariaDbLoginTest extends MariaDbLogin {
  @Override
  protected BootLine line() {
    return Boot3App.LINE;
  }
}
