package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;

/**
 * The writes of {@link JdbcSessionStore#save}: a new record (one INSERT, or where the id is still
 * held by an expired row the sweep has not removed, a replacement of only that row), and a
 * compare-and-set on the {@code version} column of a live row. Each is one statement.
 */
final class VersionedWrites {
  private final SessionTable table;
  private final SessionRows rows;
  private final Clock clock;

  VersionedWrites(SessionTable table, SessionRows rows, Clock clock) {
    this.table = table;
    this.rows = rows;
    this.clock = clock;
  }

  /** Inserts, or replaces only an expired row that the sweep has not removed yet; false when the id is live. */
  boolean insertNew(Connection c, StoredSession s) throws SQLException {
    long now = clock.millis();
    if (table.dialect.sql.insertsOverExpiredRow()) {
      try (PreparedStatement ps = c.prepareStatement(table.replaceExpired)) {
        int i = rows.bindRow(ps, 1, s);
        ps.setLong(i, now);
        return ps.executeUpdate() == 1;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(table.insert)) {
      rows.bindRow(ps, 1, s);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
    }
    // the id is taken: only an expired row that the sweep has not removed yet may be replaced
    try (PreparedStatement ps = c.prepareStatement(table.replaceExpired)) {
      int i = rows.bindValues(ps, 1, s);
      ps.setString(i++, s.id());
      ps.setLong(i, now);
      return ps.executeUpdate() == 1;
    }
  }

  /** Writes {@code s} over the live row still at {@code expectedVersion}; false on a conflict. */
  boolean update(Connection c, StoredSession s, long expectedVersion) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(table.update)) {
      int i = rows.bindValues(ps, 1, s);
      ps.setString(i++, s.id());
      ps.setLong(i++, expectedVersion);
      ps.setLong(i, clock.millis());
      return ps.executeUpdate() == 1;
    }
  }

  private static boolean isDuplicateKey(SQLException e) {
    if (e instanceof SQLIntegrityConstraintViolationException) {
      return true;
    }
    String state = e.getSQLState();
    // 23000 (MariaDB/MySQL), 23505 (H2, PostgreSQL unique_violation)
    return state != null && (state.equals("23000") || state.equals("23505"));
  }
}
