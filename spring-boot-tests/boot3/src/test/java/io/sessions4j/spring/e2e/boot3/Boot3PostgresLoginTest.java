package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.PostgresLogin;

/** The login flow on Boot 3.5, PostgreSQL. */
class Boot3PostgresLoginTest extends PostgresLogin {
  @Override
  protected BootLine line() {
    return Boot3App.LINE;
  }
}
