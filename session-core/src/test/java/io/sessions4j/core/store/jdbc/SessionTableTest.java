package io.sessions4j.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTableTest {
  private static final List<String> DEFAULT_COLUMNS =
      List.of("id", "data", "created_at", "last_accessed_at", "expires_at", "version", "principal");

  @Test
  void namesAreQuotedInTheCaseTheDatabaseGivesUnquotedNames() {
    SessionTable postgres = new SessionTable(JdbcDialect.POSTGRESQL, "App_Sessions", DEFAULT_COLUMNS, 'L', "\"");
    SessionTable h2 = new SessionTable(JdbcDialect.H2, "App_Sessions", DEFAULT_COLUMNS, 'U', "\"");
    SessionTable mariadb = new SessionTable(JdbcDialect.MARIADB, "App_Sessions", DEFAULT_COLUMNS, 'M', "`");

    assertThat(postgres.get).contains("FROM \"app_sessions\"");
    assertThat(h2.get).contains("FROM \"APP_SESSIONS\"");
    assertThat(mariadb.get).contains("FROM `App_Sessions`");
  }

  @Test
  void indexNamesOfLongTableNamesStayWithinTheIdentifierLimitAndDistinct() {
    String longName = "t".repeat(SessionTable.MAX_IDENTIFIER);
    SessionTable table = new SessionTable(JdbcDialect.POSTGRESQL, longName, DEFAULT_COLUMNS, 'L', "\"");

    List<String> ddl = table.createStatements();

    String expiresIndex = ddl.get(1).split("\"")[1];
    String principalIndex = ddl.get(2).split("\"")[1];
    assertThat(expiresIndex).hasSizeLessThanOrEqualTo(SessionTable.MAX_IDENTIFIER).endsWith("_expires_idx");
    assertThat(principalIndex).hasSizeLessThanOrEqualTo(SessionTable.MAX_IDENTIFIER).endsWith("_principal_idx");
    assertThat(expiresIndex).isNotEqualTo(principalIndex);
  }

  @Test
  void mySqlFamilySweepDeletesByPrimaryKeyOnly() {
    SessionTable table = new SessionTable(JdbcDialect.MARIADB, "s", DEFAULT_COLUMNS, 'M', "`");

    assertThat(table.sweepDelete(3)).contains("`id` IN (?, ?, ?)").contains("`expires_at` + 0 <= ?");
  }

  @Test
  void storesMdShowsTheDdlEachDialectRuns() throws IOException {
    String doc = Files.readString(Path.of("STORES.md"), StandardCharsets.UTF_8);
    List<SessionTable> tables = List.of(
        new SessionTable(JdbcDialect.MARIADB, "sessions4j_sessions", DEFAULT_COLUMNS, 'M', "`"),
        new SessionTable(JdbcDialect.MYSQL, "sessions4j_sessions", DEFAULT_COLUMNS, 'M', "`"),
        new SessionTable(JdbcDialect.POSTGRESQL, "sessions4j_sessions", DEFAULT_COLUMNS, 'L', "\""),
        new SessionTable(JdbcDialect.H2, "sessions4j_sessions", DEFAULT_COLUMNS, 'U', "\""));

    for (SessionTable table : tables) {
      for (String statement : table.createStatements()) {
        assertThat(doc).as("STORES.md has the %s DDL", table.dialect).contains(statement + ";");
      }
    }
  }
}
