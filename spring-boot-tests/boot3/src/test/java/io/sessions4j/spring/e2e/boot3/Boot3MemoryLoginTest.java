package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.MemoryLogin;

/** The login flow on Boot 3.5, the memory store. */
class Boot3MemoryLoginTest extends MemoryLogin {
  @Override
  protected BootLine line() {
    return Boot3App.LINE;
  }
}
