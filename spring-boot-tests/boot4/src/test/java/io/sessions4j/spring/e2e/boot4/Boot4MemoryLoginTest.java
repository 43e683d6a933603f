package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on Boot 4.0, store mode, memory store (the default). */
class Boot4MemoryLoginTest extends LoginFlowContract {
  @Override
  protected RunningApp startApp() {
    return Boot4App.start(Map.of("spring.autoconfigure.exclude", Boot4App.NO_DATA_SOURCE));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
