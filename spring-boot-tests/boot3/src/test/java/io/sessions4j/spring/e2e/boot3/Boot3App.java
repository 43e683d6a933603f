package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.LoginApp;
import java.util.Map;

/** The end-to-end tests' {@link LoginApp} on Boot 3.5, and what differs on this Boot line. */
final class Boot3App {
  /** {@code spring.autoconfigure.exclude} for the runs without a database (no DataSource to configure). */
  static final String NO_DATA_SOURCE = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";
  /** This app's session table, its own so other test runs on the same database never meet it. */
  static final String JDBC_TABLE = "sessions4j_boot3_e2e";
  /** This app's Redis key prefix, for the same reason. */
  static final String REDIS_PREFIX = "sessions4j-boot3-e2e:";

  private Boot3App() {}

  /** Starts the app on a free port with {@code properties} over its defaults. */
  static LoginApp.Running start(Map<String, Object> properties) {
    return LoginApp.start(properties);
  }
}
