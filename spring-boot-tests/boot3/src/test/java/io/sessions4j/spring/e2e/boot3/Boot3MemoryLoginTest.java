package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 3.5, store mode, memory store (the default). */
class Boot3MemoryLoginTest extends LoginFlowContract {
  @Override
  protected RunningApp startApp() {
    return Boot3App.start(Map.of("spring.autoconfigure.exclude", Boot3App.NO_DATA_SOURCE));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
