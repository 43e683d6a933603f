package io.sessions4j.conformance.store;

/**
 * The JDBC store suite on H2 in its MySQL compatibility mode, as applications that test against H2
 * in place of MariaDB run it: the dialect stays H2, but locking, quoting and identifier case follow
 * the mode.
 */
class H2MySqlModeJdbcStoreConformanceTest extends H2JdbcStoreConformanceTest {

  @Override
  String name() {
    return "H2 (MySQL mode)";
  }

  @Override
  String urlOptions() {
    return ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
  }
}
