package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.util.List;

/**
 * H2 2.x, in its own mode and in MySQL compatibility mode alike (the statements below are H2's own
 * syntax, which both modes accept; names follow the case the database reports): upsert with {@code
 * MERGE INTO … KEY (id)}, the sweep's delete returns its ids through {@code SELECT … FROM OLD TABLE
 * (DELETE …)}. For tests and embedded use.
 */
final class H2Dialect implements SqlDialect {

  @Override
  public String identifierQuote() {
    return "\"";
  }

  @Override
  public String upsert(SessionTable t) {
    return "MERGE INTO " + t.table + " (" + t.selectColumns + ") KEY (" + t.c(Column.ID) + ") VALUES ("
        + SessionTable.VALUES + ")";
  }

  @Override
  public boolean sweepsInOneStatement() {
    return false;
  }

  @Override
  public String returningIds(String delete, String id) {
    return "SELECT " + id + " FROM OLD TABLE (" + delete + ")";
  }

  @Override
  public List<String> createStatements(SessionTable t, String expiresIndex, String principalIndex) {
    String key = "VARCHAR(" + SessionTable.KEY_LENGTH + ")";
    return SqlDialect.tableThenIndexes(t, key, "VARBINARY", key, expiresIndex, principalIndex);
  }
}
