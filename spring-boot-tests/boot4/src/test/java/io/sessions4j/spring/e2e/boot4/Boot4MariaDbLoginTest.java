package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.MariaDbLogin;

/** The login flow on Boot 4.0, MariaDB. */
class Boot4MariaDbLoginTest extends MariaDbLogin {
  @Override
  protected BootLine line() {
    return Boot4App.LINE;
  }
}
