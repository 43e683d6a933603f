package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.util.List;

/**
 * What one database does differently from plain SQL, in one place per database: its DDL, its
 * upsert, how a new session replaces an expired row that still holds its id, how the sweep deletes
 * (and whether it learns which rows it deleted), and its locking quirks. {@link SessionTable}
 * assembles every statement from the table's names and asks its dialect only for these parts; the
 * store and its sweeper ask it which path to take. One implementation per database family: {@link
 * MySqlFamilyDialect}, {@link PostgresDialect}, {@link H2Dialect}.
 */
interface SqlDialect {

  /** The identifier quote when the driver reports none. */
  String identifierQuote();

  /** How a table is named in a statement that must read it by primary key only. */
  default String byPrimaryKey(String table) {
    return table;
  }

  /**
   * True when {@link #replaceExpired} inserts or replaces an expired row in one statement bound like
   * an INSERT followed by "now"; false when it is an UPDATE of an expired row, run after an INSERT
   * failed on the duplicate key and bound as the non-key values, the id, "now". By default false:
   * a database without a conditional upsert updates the expired row.
   */
  default boolean insertsOverExpiredRow() {
    return false;
  }

  /**
   * The statement that gives a new session an id still held by an expired, unswept row; by
   * default the UPDATE of an expired row (see {@link #insertsOverExpiredRow}).
   */
  default String replaceExpired(SessionTable t) {
    return SessionTable.updateExpired(t);
  }

  /** Create-or-overwrite of one row. */
  String upsert(SessionTable t);

  /**
   * True when the sweep deletes a batch in one statement that skips rows others hold ({@link
   * SessionTable#sweepBatch}); false when it reads candidates and deletes them by primary key
   * ({@link SessionTable#sweepCandidates}, {@link SessionTable#sweepDelete}).
   */
  boolean sweepsInOneStatement();

  /**
   * The condition "the row is expired" of the sweep's delete by primary key (bound to "now").
   */
  default String sweepExpiryCheck(String expires) {
    return expires + " <= ?";
  }

  /** {@code delete} (of the sweep) made to return the deleted ids, if this database can. */
  String returningIds(String delete, String id);

  /** Whether {@link #returningIds} returns the deleted ids (so the sweep can report them). */
  default boolean sweepReportsIds() {
    return true;
  }

  /**
   * True when a locking read ({@code SELECT … FOR UPDATE}) sees the latest committed row at every
   * isolation level, so the row-locked writes never need to lower the connection's level.
   */
  default boolean lockingReadsSeeLatestCommit() {
    return false;
  }

  /** The DDL creating the table and its two indexes, idempotently. */
  List<String> createStatements(SessionTable t, String expiresIndex, String principalIndex);

  /**
   * DDL as PostgreSQL and H2 spell it: the table with {@code id} as primary key, then each index
   * by its own {@code CREATE INDEX IF NOT EXISTS}.
   */
  static List<String> tableThenIndexes(SessionTable t, String keyType, String dataType, String principalType,
      String expiresIndex, String principalIndex) {
    return List.of("CREATE TABLE IF NOT EXISTS " + t.table + " (\n"
        + "  " + t.c(Column.ID) + " " + keyType + " NOT NULL PRIMARY KEY,\n"
        + "  " + t.c(Column.DATA) + " " + dataType + " NOT NULL,\n"
        + "  " + t.c(Column.CREATED_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.LAST_ACCESSED_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.EXPIRES_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.VERSION) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.PRINCIPAL) + " " + principalType + " NULL\n"
        + ")",
        "CREATE INDEX IF NOT EXISTS " + expiresIndex + " ON " + t.table + " (" + t.c(Column.EXPIRES_AT) + ")",
        "CREATE INDEX IF NOT EXISTS " + principalIndex + " ON " + t.table + " (" + t.c(Column.PRINCIPAL) + ")");
  }

  /** The columns other than id, each set from the proposed row as {@code template} says ({@code %s} = the column). */
  static String everyValueColumn(SessionTable t, String template) {
    StringBuilder out = new StringBuilder();
    for (Column c : Column.values()) {
      if (c == Column.ID) {
        continue;
      }
      String name = t.c(c);
      out.append(out.length() == 0 ? "" : ", ").append(name).append(" = ").append(template.replace("%s", name));
    }
    return out.toString();
  }
}
