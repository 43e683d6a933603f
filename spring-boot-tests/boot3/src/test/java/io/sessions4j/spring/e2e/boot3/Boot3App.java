package io.sessions4j.spring.e2e.boot3;

import io.sessions4j.spring.e2e.app.BootLine;

/** What differs on Boot 3.5 for the end-to-end tests' {@link io.sessions4j.spring.e2e.app.LoginApp}. */
final class Boot3App {
  /** Boot 3.5's DataSource auto-configuration, and this line's own table and key prefix. */
  static final BootLine LINE = new BootLine("org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", "sessions4j_boot3_e2e", "sessions4j-boot3-e2e:");

  private Boot3App() {}
}
