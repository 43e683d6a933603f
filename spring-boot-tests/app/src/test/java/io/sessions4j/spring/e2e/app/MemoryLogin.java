package io.sessions4j.spring.e2e.app;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.LoginFlowContract;
import io.sessions4j.spring.e2e.RunningApp;
import java.util.Map;

/** The login flow on the memory store; a subclass per Boot line names the line. */
public abstract class MemoryLogin extends LoginFlowContract {
  /** The Boot line this run is on. */
  protected abstract BootLine line();

  @Override
  protected RunningApp startApp() {
    return LoginApp.start(Map.of("spring.autoconfigure.exclude", line().noDataSource()));
  }

  @Override
  protected boolean storeMode() {
    return true;
  }
}
