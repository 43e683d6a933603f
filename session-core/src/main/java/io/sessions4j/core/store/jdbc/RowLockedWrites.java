package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.Optional;

/**
 * The writes of {@link JdbcSessionStore} that read a row and write it back: {@link #update} (apply
 * a {@link SessionPatch}) and {@link #take} (remove and return). Each is one short transaction on a
 * connection the caller borrowed: {@code SELECT … FOR UPDATE} by primary key, then one UPDATE or
 * DELETE, then commit. Concurrent writers of one session queue on that row lock instead of
 * reading, conflicting and retrying; a transaction locks exactly one row and waits for nothing else
 * while holding it, so it cannot take part in a deadlock with another request or the sweep.
 *
 * <p>Isolation: the locking read sees the latest committed row at every level on MariaDB/MySQL
 * (InnoDB locking reads ignore the snapshot). PostgreSQL and H2 above READ COMMITTED would instead
 * fail a writer that waited for the lock (a serialization failure), so when the pool hands out such
 * connections, these transactions run at READ COMMITTED and the connection's level is restored.
 */
final class RowLockedWrites {
  /** Reads the row at the cursor (the columns of {@link SessionTable#selectColumns}, in order). */
  @FunctionalInterface
  interface RowReader {
    StoredSession read(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  private interface Transaction<T> {
    T run(Connection c) throws SQLException;
  }

  /** {@link #poolIsolation} before the first transaction has read it. */
  private static final int UNKNOWN = -1;

  private final SessionTable table;
  private final Clock clock;
  private final RowReader reader;
  /** The isolation level of the pool's connections, read once from the first one. */
  private volatile int poolIsolation = UNKNOWN;

  RowLockedWrites(SessionTable table, Clock clock, RowReader reader) {
    this.table = table;
    this.clock = clock;
    this.reader = reader;
  }

  /**
   * Writes the patch's whole document if the live row is still at the patch's base version: one
   * conditional UPDATE, the common case of a session no other request wrote meanwhile.
   *
   * @return the row's new version, or {@link StoredSession#NEW} when the row is not (or no longer)
   *     live at the base version — then {@link #update} applies the patch under the row lock
   */
  long updateAtBase(Connection c, SessionPatch patch) throws SQLException {
    long base = patch.baseVersion();
    if (base == StoredSession.NEW || patch.documentAtBase() == null) {
      return StoredSession.NEW;
    }
    try (PreparedStatement ps = c.prepareStatement(
        patch.principalChanged() ? table.patchAtBaseWithPrincipal : table.patchAtBase)) {
      int i = 1;
      ps.setBytes(i++, patch.documentAtBase());
      ps.setLong(i++, SessionRows.millis(patch.accessedAt()));
      ps.setLong(i++, SessionRows.millis(patch.expiresAt()));
      ps.setLong(i++, base + 1);
      if (patch.principalChanged()) {
        String principal = SessionRows.indexablePrincipal(patch.id(), patch.principal());
        if (principal == null) {
          ps.setNull(i++, Types.VARCHAR);
        } else {
          ps.setString(i++, principal);
        }
      }
      ps.setString(i++, patch.id());
      ps.setLong(i++, base);
      ps.setLong(i, clock.millis());
      return ps.executeUpdate() == 1 ? base + 1 : StoredSession.NEW;
    }
  }

  /**
   * Applies {@code patch} to the live row under its lock.
   *
   * @return the row's new version, or {@link StoredSession#NEW} when there is no live row (nothing written)
   */
  long update(Connection connection, SessionPatch patch) throws SQLException {
    return inTransaction(connection, c -> {
      byte[] data;
      long version;
      String principal;
      try (PreparedStatement ps = c.prepareStatement(table.lockRow)) {
        ps.setString(1, patch.id());
        try (ResultSet rs = ps.executeQuery()) {
          // expiry is judged once the lock is held: waiting for it may have taken a while
          if (!rs.next() || rs.getLong(5) <= clock.millis()) {
            return StoredSession.NEW;
          }
          data = rs.getBytes(2);
          version = rs.getLong(6);
          principal = rs.getString(7);
        }
      }
      long next = version + 1;
      try (PreparedStatement ps = c.prepareStatement(table.patchLocked)) {
        ps.setBytes(1, patch.applyTo(data == null ? new byte[0] : data));
        ps.setLong(2, SessionRows.millis(patch.accessedAt()));
        ps.setLong(3, SessionRows.millis(patch.expiresAt()));
        ps.setLong(4, next);
        String after = SessionRows.indexablePrincipal(patch.id(), patch.principalAfter(principal));
        if (after == null) {
          ps.setNull(5, Types.VARCHAR);
        } else {
          ps.setString(5, after);
        }
        ps.setString(6, patch.id());
        ps.setLong(7, version);
        if (ps.executeUpdate() != 1) {
          // cannot happen while the lock holds; if a proxy or driver dropped it, run again (class 40)
          throw new SQLException("the locked row of " + table.tableName + " changed before the update ("
              + table.columnNames.get(Column.VERSION.ordinal()) + " moved on)", "40001");
        }
      }
      return next;
    });
  }

  /**
   * Deletes the live row {@code id} under its lock and returns it. An expired row is left for the
   * sweep (which reports it to the expiry listener) and not returned.
   */
  Optional<StoredSession> take(Connection connection, String id) throws SQLException {
    return inTransaction(connection, c -> {
      StoredSession row;
      try (PreparedStatement ps = c.prepareStatement(table.lockRow)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          row = reader.read(rs);
        }
      }
      if (row.isExpired(clock.instant())) {
        return Optional.empty();
      }
      try (PreparedStatement ps = c.prepareStatement(table.destroy)) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      return Optional.of(row);
    });
  }

  /**
   * Runs {@code work} as one transaction: autocommit off (if it was on), commit, or roll back on
   * any failure; the connection leaves as it came (autocommit, isolation level).
   */
  private <T> T inTransaction(Connection c, Transaction<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int restoreIsolation = needsReadCommitted(c) ? poolIsolation : UNKNOWN;
    Throwable failure = null;
    try {
      if (restoreIsolation != UNKNOWN) {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      T value = work.run(c);
      c.commit();
      return value;
    } catch (SQLException | RuntimeException e) {
      failure = e;
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        if (autoCommit) {
          c.setAutoCommit(true);
        }
        if (restoreIsolation != UNKNOWN) {
          c.setTransactionIsolation(restoreIsolation);
        }
      } catch (SQLException restore) {
        if (failure == null) {
          throw restore;
        }
        failure.addSuppressed(restore);
      }
    }
  }

  /** True when the dialect needs it (PostgreSQL, H2) and the pool's connections run above READ COMMITTED. */
  private boolean needsReadCommitted(Connection c) throws SQLException {
    if (table.dialect.sql.lockingReadsSeeLatestCommit()) {
      return false;
    }
    int isolation = poolIsolation;
    if (isolation == UNKNOWN) {
      isolation = c.getTransactionIsolation();
      poolIsolation = isolation;
    }
    return isolation > Connection.TRANSACTION_READ_COMMITTED;
  }
}
