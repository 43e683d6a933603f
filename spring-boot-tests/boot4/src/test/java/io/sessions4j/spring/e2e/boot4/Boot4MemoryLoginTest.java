package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;
import io.sessions4j.spring.e2e.app.MemoryLogin;

/** The login flow on Boot 4.0, the memory store. */
class Boot4MemoryLoginTest extends MemoryLogin {
  @Override
  protected BootLine line() {
    return Boot4App.LINE;
  }
}
