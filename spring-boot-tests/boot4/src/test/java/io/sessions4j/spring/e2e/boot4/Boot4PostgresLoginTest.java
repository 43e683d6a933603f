package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.PostgresLogin;

/** The login flow on Boot 4.0, PostgreSQL. */
class Boot4PostgresLoginTest extends PostgresLogin {
  @Override
  protected BootLine line() {
    return Boot4App.LINE;
  }
}
