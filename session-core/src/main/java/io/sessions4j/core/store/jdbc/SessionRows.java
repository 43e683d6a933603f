package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link StoredSession} maps to a row of the session table and back: times as epoch
 * milliseconds (clamped to {@link StoredSession#LATEST}), data as exact bytes, a principal too long
 * for its indexed column stored as NULL (with a warning). A row with NULL where a value is required
 * is corrupt: reading one fails, listing skips it.
 */
final class SessionRows {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());

  private final SessionTable table;

  SessionRows(SessionTable table) {
    this.table = table;
  }

  /** Binds id and the six other columns, in SELECT-list order; returns the next index. */
  int bindRow(PreparedStatement ps, int i, StoredSession s) throws SQLException {
    ps.setString(i++, s.id());
    return bindValues(ps, i, s);
  }

  /** Binds the six non-key columns (data … principal); returns the next index. */
  int bindValues(PreparedStatement ps, int i, StoredSession s) throws SQLException {
    ps.setBytes(i++, s.data());
    ps.setLong(i++, millis(s.createdAt()));
    ps.setLong(i++, millis(s.lastAccessedAt()));
    ps.setLong(i++, millis(s.expiresAt()));
    ps.setLong(i++, s.version());
    String principal = indexablePrincipal(s.id(), s.principal());
    if (principal == null) {
      ps.setNull(i++, Types.VARCHAR);
    } else {
      ps.setString(i++, principal);
    }
    return i;
  }

  /** The one row {@code ps} selects, or null; a corrupt row fails with {@link SessionStoreException}. */
  StoredSession readOne(PreparedStatement ps, String id) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return readOrFail(rs, id);
    }
  }

  /** The row at the cursor; a corrupt row fails with {@link SessionStoreException}. */
  StoredSession readOrFail(ResultSet rs, String id) throws SQLException {
    try {
      return read(rs);
    } catch (CorruptRowException e) {
      throw new SessionStoreException("stored session " + SessionIds.redact(id) + " is corrupt: " + e.getMessage());
    }
  }

  /** Every row {@code ps} selects; corrupt rows are skipped and logged. */
  List<StoredSession> readAll(PreparedStatement ps) throws SQLException {
    List<StoredSession> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          rows.add(read(rs));
        } catch (CorruptRowException e) {
          LOG.log(Level.WARNING, "skipping a corrupt session row in " + table.tableName + ": " + e.getMessage());
        }
      }
    }
    return rows;
  }

  /** The row at the cursor (the columns of {@link SessionTable#selectColumns}, in order). */
  StoredSession read(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    byte[] data = rs.getBytes(2);
    long created = requiredLong(rs, 3, Column.CREATED_AT);
    long accessed = requiredLong(rs, 4, Column.LAST_ACCESSED_AT);
    long expires = requiredLong(rs, 5, Column.EXPIRES_AT);
    long version = requiredLong(rs, 6, Column.VERSION);
    String principal = rs.getString(7);
    if (id == null) {
      throw new CorruptRowException(columnName(Column.ID) + " is NULL");
    }
    if (data == null) {
      throw new CorruptRowException(columnName(Column.DATA) + " is NULL");
    }
    return new StoredSession(id, data, Instant.ofEpochMilli(created), Instant.ofEpochMilli(accessed),
        Instant.ofEpochMilli(expires), version, principal);
  }

  private long requiredLong(ResultSet rs, int index, Column column) throws SQLException {
    long value = rs.getLong(index);
    if (rs.wasNull()) {
      throw new CorruptRowException(columnName(column) + " is NULL");
    }
    return value;
  }

  private String columnName(Column column) {
    return "column " + table.columnNames.get(column.ordinal());
  }

  /** {@code principal}, or null (with a warning) when it is too long for the indexed column. */
  static String indexablePrincipal(String id, String principal) {
    if (principal != null && principal.codePointCount(0, principal.length()) > SessionTable.KEY_LENGTH) {
      LOG.log(Level.WARNING, "session " + SessionIds.redact(id) + " has a principal longer than "
          + SessionTable.KEY_LENGTH + " characters; it is stored without one and findByPrincipal will not find it");
      return null;
    }
    return principal;
  }

  /** Epoch millis, clamped to {@link StoredSession#LATEST} (and to Long.MIN_VALUE far in the past). */
  static long millis(Instant instant) {
    try {
      return Math.min(instant.toEpochMilli(), StoredSession.LATEST_MILLIS);
    } catch (ArithmeticException tooFar) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : StoredSession.LATEST_MILLIS;
    }
  }

  /** A row that cannot be turned into a record. */
  static final class CorruptRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRowException(String message) {
      super(message, null, false, false);
    }
  }
}
