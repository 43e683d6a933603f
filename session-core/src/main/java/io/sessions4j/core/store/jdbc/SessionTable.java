package io.sessions4j.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The session table of one store: its validated names, and every SQL text the store runs, the
 * database-specific parts taken from its dialect's {@link SqlDialect}. Built once at start, so no
 * statement text is assembled per request.
 *
 * <p>Names are validated as plain SQL identifiers and then quoted in the case the database would
 * give them unquoted (lower case on PostgreSQL, upper case on H2, as written on MariaDB/MySQL): a
 * name behaves exactly as if it were unquoted, except that reserved words work.
 */
final class SessionTable {
  /** A plain identifier; 63 characters at most, PostgreSQL's limit (MariaDB allows 64). */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  static final int MAX_IDENTIFIER = 63;
  /** Longest id and principal the columns hold. */
  static final int KEY_LENGTH = 256;

  /** The configurable columns, in the order they appear in SELECT lists. */
  enum Column {
    ID("idColumn", "id"),
    DATA("dataColumn", "data"),
    CREATED_AT("createdAtColumn", "created_at"),
    LAST_ACCESSED_AT("lastAccessedAtColumn", "last_accessed_at"),
    EXPIRES_AT("expiresAtColumn", "expires_at"),
    VERSION("versionColumn", "version"),
    PRINCIPAL("principalColumn", "principal");

    /** The builder option that names this column. */
    final String option;
    final String defaultName;

    Column(String option, String defaultName) {
      this.option = option;
      this.defaultName = defaultName;
    }
  }

  final JdbcDialect dialect;
  /** Names as configured (for messages). */
  final String tableName;
  final List<String> columnNames;
  /** Names as the database stores them (for metadata look-ups). */
  final String storedTableName;
  /** The table's name as statements spell it (quoted). */
  final String table;

  private final char caseRule;
  private final String quote;
  private final String[] col = new String[Column.values().length];

  final String selectColumns;
  final String get;
  final String insert;
  final String replaceExpired;
  final String update;
  final String upsert;
  final String touch;
  final String destroy;
  final String length;
  final String all;
  final String clear;
  final String findByPrincipal;
  final String probe;
  final String sweepCandidates;
  final String sweepBatch;
  /** Reads one row, live or not, and locks it until the transaction ends (update, take). */
  final String lockRow;
  /** Writes a patched row that {@link #lockRow} holds; the version check only guards the lock. */
  final String patchLocked;
  /**
   * Writes a patch's whole document when the row is still live at the patch's base version (one
   * statement, no lock held across round trips); the principal column is left as it is.
   */
  final String patchAtBase;
  /** {@link #patchAtBase} that also sets the principal column (the patch changed it). */
  final String patchAtBaseWithPrincipal;

  /** The placeholders of one whole row. */
  static final String VALUES = "?, ?, ?, ?, ?, ?, ?";

  /**
   * @param caseRule how the database stores unquoted identifiers: 'U' upper, 'L' lower, 'M' as written
   * @param quote the identifier quote string
   */
  SessionTable(JdbcDialect dialect, String tableName, List<String> columnNames, char caseRule, String quote) {
    this.dialect = dialect;
    this.tableName = tableName;
    this.columnNames = List.copyOf(columnNames);
    this.caseRule = caseRule;
    this.quote = quote;
    this.storedTableName = stored(tableName, caseRule);
    this.table = quote + storedTableName + quote;
    for (Column c : Column.values()) {
      col[c.ordinal()] = quote + stored(columnNames.get(c.ordinal()), caseRule) + quote;
    }
    SqlDialect sql = dialect.sql;
    String id = c(Column.ID);
    String data = c(Column.DATA);
    String accessed = c(Column.LAST_ACCESSED_AT);
    String expires = c(Column.EXPIRES_AT);
    String version = c(Column.VERSION);
    String principal = c(Column.PRINCIPAL);
    String columns = String.join(", ", id, data, c(Column.CREATED_AT), accessed, expires, version, principal);

    this.selectColumns = columns;
    this.probe = "SELECT * FROM " + table + " WHERE 1 = 0";
    this.get = "SELECT " + columns + " FROM " + table + " WHERE " + id + " = ? AND " + expires + " > ?";
    this.insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + VALUES + ")";
    // an expired row that still holds the id (not yet swept) may be replaced by a new session
    this.replaceExpired = sql.replaceExpired(this);
    this.update = "UPDATE " + table + " SET " + setAll() + " WHERE " + id + " = ? AND " + version + " = ? AND "
        + expires + " > ?";
    this.upsert = sql.upsert(this);
    this.touch = "UPDATE " + table + " SET " + accessed + " = ?, " + expires + " = ? WHERE " + id + " = ? AND "
        + expires + " > ?";
    this.destroy = "DELETE FROM " + table + " WHERE " + id + " = ?";
    this.length = "SELECT COUNT(*) FROM " + table + " WHERE " + expires + " > ?";
    this.all = "SELECT " + columns + " FROM " + table + " WHERE " + expires + " > ?";
    this.clear = "DELETE FROM " + table;
    this.findByPrincipal = "SELECT " + columns + " FROM " + table + " WHERE " + principal + " = ? AND "
        + expires + " > ?";
    // sweeping in one statement (sweepBatch), or reading candidates without locking and deleting
    // them by primary key (sweepDelete): the dialect says which
    this.sweepCandidates = "SELECT " + id + " FROM " + table + " WHERE " + expires + " <= ? ORDER BY " + expires
        + " LIMIT ?";
    this.sweepBatch = "DELETE FROM " + table + " WHERE " + id + " IN (SELECT " + id + " FROM " + table
        + " WHERE " + expires + " <= ? LIMIT ? FOR UPDATE SKIP LOCKED) AND " + expires + " <= ? RETURNING " + id;
    // by primary key: MariaDB/MySQL lock the one index record (no gap lock when the row exists),
    // PostgreSQL and H2 the one row; every dialect spells it the same
    this.lockRow = "SELECT " + columns + " FROM " + table + " WHERE " + id + " = ? FOR UPDATE";
    this.patchLocked = "UPDATE " + table + " SET " + data + " = ?, " + accessed + " = ?, " + expires + " = ?, "
        + version + " = ?, " + principal + " = ? WHERE " + id + " = ? AND " + version + " = ?";
    String atBase = " WHERE " + id + " = ? AND " + version + " = ? AND " + expires + " > ?";
    String byKey = sql.byPrimaryKey(table);
    this.patchAtBase = "UPDATE " + byKey + " SET " + data + " = ?, " + accessed + " = ?, " + expires + " = ?, "
        + version + " = ?" + atBase;
    this.patchAtBaseWithPrincipal = "UPDATE " + byKey + " SET " + data + " = ?, " + accessed + " = ?, "
        + expires + " = ?, " + version + " = ?, " + principal + " = ?" + atBase;
  }

  String c(Column column) {
    return col[column.ordinal()];
  }

  /** Every column but the id, each "= ?", in SELECT-list order. */
  private String setAll() {
    return c(Column.DATA) + " = ?, " + c(Column.CREATED_AT) + " = ?, " + c(Column.LAST_ACCESSED_AT) + " = ?, "
        + c(Column.EXPIRES_AT) + " = ?, " + c(Column.VERSION) + " = ?, " + c(Column.PRINCIPAL) + " = ?";
  }

  /** Replacing an expired row by UPDATE (the dialects without an insert-or-replace-if): values, id, now. */
  static String updateExpired(SessionTable t) {
    return "UPDATE " + t.table + " SET " + t.setAll() + " WHERE " + t.c(Column.ID) + " = ? AND "
        + t.c(Column.EXPIRES_AT) + " <= ?";
  }

  /**
   * Deletes swept candidates by primary key, re-checking expiry under the row lock: a session
   * touched since the candidates were read is kept.
   */
  String sweepDelete(int ids) {
    String id = c(Column.ID);
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < ids; i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    String delete = "DELETE FROM " + table + " WHERE " + id + " IN (" + in + ") AND "
        + dialect.sql.sweepExpiryCheck(c(Column.EXPIRES_AT));
    return dialect.sql.returningIds(delete, id);
  }

  /** Whether {@link #sweepDelete} returns the deleted ids. */
  boolean sweepReturnsIds() {
    return dialect.sql.sweepReportsIds();
  }

  /** The statements that create the table and its indexes if they do not exist. */
  List<String> createStatements() {
    return dialect.sql.createStatements(this, quoteLike(indexName("_expires_idx")),
        quoteLike(indexName("_principal_idx")));
  }

  /** An index name derived from the table's: shortened with a hash when it would be too long. */
  private String indexName(String suffix) {
    String name = stored(storedTableName + suffix, caseRule);
    if (name.length() <= MAX_IDENTIFIER) {
      return name;
    }
    String hash;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(storedTableName.getBytes(StandardCharsets.UTF_8));
      hash = HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    int keep = MAX_IDENTIFIER - suffix.length() - hash.length() - 1;
    return stored(storedTableName.substring(0, keep) + "_" + hash + suffix, caseRule);
  }

  private String quoteLike(String name) {
    return quote + name + quote;
  }

  private static String stored(String name, char caseRule) {
    return switch (caseRule) {
      case 'U' -> name.toUpperCase(Locale.ROOT);
      case 'L' -> name.toLowerCase(Locale.ROOT);
      default -> name;
    };
  }
}
