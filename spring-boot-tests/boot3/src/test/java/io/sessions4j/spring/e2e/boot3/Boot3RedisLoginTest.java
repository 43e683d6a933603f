package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.RedisLogin;

/** The login flow on Boot 3.5, Redis. */
class Boot3RedisLoginTest extends RedisLogin {
  @Override
  protected BootLine line() {
    return Boot3App.LINE;
  }
}
