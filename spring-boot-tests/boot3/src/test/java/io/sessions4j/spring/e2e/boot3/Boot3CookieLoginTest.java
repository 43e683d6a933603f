package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 3.5 in cookie mode: the whole session, security context included, in an encrypted cookie. */
class Boot3CookieLoginTest extends LoginFlowContract {
  @Override
  protected RunningApp startApp() {
    return Boot3App.start(Map.of(
        "spring.autoconfigure.exclude", Boot3App.NO_DATA_SOURCE,
        "sessions4j.mode", "cookie",
        "sessions4j.keys", "spring-boot-e2e-cookie-key-0123456789abcdef"));
  }

  @Override
  protected boolean storeMode() {
    return false;
  }
}
