package io.sessions4j.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcDialectTest {

  @Test
  void mariaDbIsRecognisedByNameOrByVersionThroughMySqlsDriver() {
    assertThat(JdbcDialect.detect("MariaDB", "10.11.9-MariaDB-0+deb12u1")).isEqualTo(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.detect("MySQL", "5.5.5-10.11.9-MariaDB-0+deb12u1")).isEqualTo(JdbcDialect.MARIADB);
  }

  @Test
  void mySqlPostgresAndH2AreRecognised() {
    assertThat(JdbcDialect.detect("MySQL", "8.4.3")).isEqualTo(JdbcDialect.MYSQL);
    assertThat(JdbcDialect.detect("PostgreSQL", "15.20")).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.detect("H2", "2.3.232 (2024-08-11)")).isEqualTo(JdbcDialect.H2);
  }

  @Test
  void otherProductsAreNotGuessed() {
    assertThat(JdbcDialect.detect("Oracle", "23ai")).isNull();
    assertThat(JdbcDialect.detect(null, null)).isNull();
  }
}
