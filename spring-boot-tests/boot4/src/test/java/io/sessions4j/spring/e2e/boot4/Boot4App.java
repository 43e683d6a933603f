package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.LoginApp;
import java.util.Map;

/** The end-to-end tests' {@link LoginApp} on Boot 4.0, and what differs on this Boot line. */
final class Boot4App {
  /** {@code spring.autoconfigure.exclude} for the runs without a database (no DataSource to configure). */
  static final String NO_DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";
  /** This app's session table, its own so other test runs on the same database never meet it. */
  static final String JDBC_TABLE = "sessions4j_boot4_e2e";
  /** This app's Redis key prefix, for the same reason. */
  static final String REDIS_PREFIX = "sessions4j-boot4-e2e:";

  private Boot4App() {}

  /** Starts the app on a free port with {@code properties} over its defaults. */
  static LoginApp.Running start(Map<String, Object> properties) {
    return LoginApp.start(properties);
  }
}
