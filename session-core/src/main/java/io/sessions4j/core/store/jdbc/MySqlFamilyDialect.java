package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.util.List;

/**
 * MariaDB and MySQL (InnoDB): upsert with {@code INSERT … ON DUPLICATE KEY UPDATE}; reads and
 * deletes that must not lock the expiry index go by primary key ({@code FORCE INDEX (PRIMARY)},
 * {@code expires_at + 0}), because InnoDB's next-key locks on that index are what live writers and
 * sweepers would otherwise deadlock on. MariaDB's sweep returns the deleted ids ({@code DELETE …
 * RETURNING}); MySQL's cannot, so MySQL reports no swept sessions to the expiry listener.
 */
final class MySqlFamilyDialect implements SqlDialect {
  private final String principalCollation;
  private final boolean deleteReturning;

  /**
   * @param principalCollation exact-match collation of the principal column
   * @param deleteReturning whether the server has {@code DELETE … RETURNING} (MariaDB)
   */
  MySqlFamilyDialect(String principalCollation, boolean deleteReturning) {
    this.principalCollation = principalCollation;
    this.deleteReturning = deleteReturning;
  }

  @Override
  public String identifierQuote() {
    return "`";
  }

  /**
   * InnoDB may read the expiry index for the "expires_at > ?" condition and lock its entry before
   * the row's, the reverse of the row-locked path (row, then the index entry it rewrites): a
   * deadlock under a hot session. Reading by primary key only keeps one lock order.
   */
  @Override
  public String byPrimaryKey(String table) {
    return table + " FORCE INDEX (PRIMARY)";
  }

  @Override
  public String upsert(SessionTable t) {
    return t.insert + " ON DUPLICATE KEY UPDATE " + SqlDialect.everyValueColumn(t, "VALUES(%s)");
  }

  @Override
  public boolean sweepsInOneStatement() {
    return false;
  }

  /** "+ 0" keeps the optimizer on the primary key: a range scan of the expiry index would take next-key locks. */
  @Override
  public String sweepExpiryCheck(String expires) {
    return expires + " + 0 <= ?";
  }

  @Override
  public String returningIds(String delete, String id) {
    return deleteReturning ? delete + " RETURNING " + id : delete;
  }

  @Override
  public boolean sweepReportsIds() {
    return deleteReturning;
  }

  /** InnoDB locking reads ignore the snapshot: they see the latest committed row at every level. */
  @Override
  public boolean lockingReadsSeeLatestCommit() {
    return true;
  }

  @Override
  public List<String> createStatements(SessionTable t, String expiresIndex, String principalIndex) {
    int key = SessionTable.KEY_LENGTH;
    return List.of("CREATE TABLE IF NOT EXISTS " + t.table + " (\n"
        + "  " + t.c(Column.ID) + " VARCHAR(" + key + ") CHARACTER SET ascii COLLATE ascii_bin NOT NULL,\n"
        + "  " + t.c(Column.DATA) + " MEDIUMBLOB NOT NULL,\n"
        + "  " + t.c(Column.CREATED_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.LAST_ACCESSED_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.EXPIRES_AT) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.VERSION) + " BIGINT NOT NULL,\n"
        + "  " + t.c(Column.PRINCIPAL) + " VARCHAR(" + key + ") CHARACTER SET utf8mb4 COLLATE "
        + principalCollation + " NULL,\n"
        + "  PRIMARY KEY (" + t.c(Column.ID) + "),\n"
        + "  INDEX " + expiresIndex + " (" + t.c(Column.EXPIRES_AT) + "),\n"
        + "  INDEX " + principalIndex + " (" + t.c(Column.PRINCIPAL) + ")\n"
        + ") ENGINE=InnoDB");
  }
}
