package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.RedisLogin;

/** The login flow on Boot 4.0, Redis. */
class Boot4RedisLoginTest extends RedisLogin {
  @Override
  protected BootLine line() {
    return Boot4App.LINE;
  }
}
