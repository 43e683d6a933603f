package io.sessions4j.spring.e2e.boot4;

import io.sessions4j.spring.e2e.app.BootLine;

/** What differs on Boot 4.0 for the end-to-end tests' {@link io.sessions4j.spring.e2e.app.LoginApp}. */
final class Boot4App {
  /** Boot 4.0's DataSource auto-configuration, and this line's own table and key prefix. */
  static final BootLine LINE = new BootLine("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", "sessions4j_boot4_e2e", "sessions4j-boot4-e2e:");

  private Boot4App() {}
}
