package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.util.List;

/**
 * PostgreSQL: upsert with {@code INSERT … ON CONFLICT (id) DO UPDATE}, which also lets a new
 * session take over an expired row in one statement; the sweep deletes a batch in one statement
 * with {@code FOR UPDATE SKIP LOCKED}, so concurrent sweepers and live requests never wait on each
 * other. Ids and principals compare byte-wise ({@code COLLATE "C"}).
 */
final class PostgresDialect implements SqlDialect {

  @Override
  public String identifierQuote() {
    return "\"";
  }

  @Override
  public boolean insertsOverExpiredRow() {
    return true;
  }

  /** INSERT … ON CONFLICT DO UPDATE … WHERE expired: inserts, or replaces only an expired row. */
  @Override
  public String replaceExpired(SessionTable t) {
    return t.insert + " ON CONFLICT (" + t.c(Column.ID) + ") DO UPDATE SET " + SqlDialect.everyValueColumn(t,
        "EXCLUDED.%s") + " WHERE " + t.table + "." + t.c(Column.EXPIRES_AT) + " <= ?";
  }

  @Override
  public String upsert(SessionTable t) {
    return t.insert + " ON CONFLICT (" + t.c(Column.ID) + ") DO UPDATE SET "
        + SqlDialect.everyValueColumn(t, "EXCLUDED.%s");
  }

  @Override
  public boolean sweepsInOneStatement() {
    return true;
  }

  @Override
  public String returningIds(String delete, String id) {
    return delete;
  }

  @Override
  public List<String> createStatements(SessionTable t, String expiresIndex, String principalIndex) {
    String key = "VARCHAR(" + SessionTable.KEY_LENGTH + ") COLLATE \"C\"";
    return SqlDialect.tableThenIndexes(t, key, "BYTEA", key, expiresIndex, principalIndex);
  }
}
