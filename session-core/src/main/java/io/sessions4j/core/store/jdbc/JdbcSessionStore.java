package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A session store in one SQL table, on MariaDB/MySQL, PostgreSQL or H2 — the JDBC counterpart of
 * express-mysql-session: it creates its table at start (idempotently; can be turned off), takes
 * configurable table and column names (checked against the table at start), sweeps expired rows
 * on an interval (or never), and runs on its own HikariCP pool or on the caller's {@link
 * DataSource}. {@link #close()} releases only what the store created.
 *
 * <p>Per operation it runs one statement: {@link #get} one SELECT, {@link #save} one INSERT or one
 * versioned UPDATE, {@link #touch} one UPDATE of the two time columns, {@link #destroy} one DELETE.
 * {@link #update} and {@link #take} run one short transaction of two: {@code SELECT … FOR UPDATE}
 * by primary key, then one UPDATE or DELETE. The engine adds nothing when a request changed
 * nothing. JDBC blocks, so every operation runs on an executor (the store's own, sized to the pool,
 * or the caller's); the returned stages never block the calling thread.
 *
 * <p>Concurrency guarantee: writers of one session queue on its row lock, they never read back
 * and retry. {@link #update} applies a request's changed attributes to the row as the previous
 * writer left it, so different attributes are never lost and the same attribute ends with the
 * value written last; a row destroyed, taken or expired meanwhile is not written (the update finds
 * no live row), so a request in flight never brings a session back. Of concurrent {@link #take}s
 * of one id exactly one gets the row. {@link #save} stays a compare-and-set on the {@code version}
 * column for callers that want one. Each of these transactions locks one row, so they cannot
 * deadlock with each other; the sweep deletes in small autocommitted batches by primary key and
 * re-checks the expiry under the row lock, so it neither deadlocks with live traffic or other
 * instances' sweeps nor deletes a session that was just touched.
 *
 * <p>Rows keep times as epoch milliseconds (BIGINT, no time-zone conversions) and the session data
 * as exact bytes (MEDIUMBLOB / BYTEA / VARBINARY). The DDL per dialect is in {@code STORES.md}.
 */
public final class JdbcSessionStore implements SessionStore {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());
  /** Most batches one sweep deletes before yielding until the next interval. */
  private static final int MAX_BATCHES_PER_SWEEP = 10_000;
  /** Operations queued beyond this many fail at once instead of piling up behind a slow database. */
  private static final int MAX_QUEUED_OPERATIONS = 10_000;

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final ScheduledThreadPoolExecutor sweeper;
  private final SessionTable table;
  private final RowLockedWrites rowLocked;
  private final Clock clock;
  private final boolean touchEnabled;
  private final int cleanupBatchSize;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ExpiryListener expiryListener = id -> {};

  private JdbcSessionStore(Builder b, DataSource dataSource, AutoCloseable ownedPool, SessionTable table) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.table = table;
    this.clock = b.clock;
    this.rowLocked = new RowLockedWrites(table, b.clock, this::readRow);
    this.touchEnabled = b.touchEnabled;
    this.cleanupBatchSize = b.cleanupBatchSize;
    String threadPrefix = "sessions4j-jdbc-" + b.tableName;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      int threads = b.threads > 0 ? b.threads : b.maximumPoolSize;
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(MAX_QUEUED_OPERATIONS), daemonThreads(threadPrefix + "-"));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.ownedExecutor = pool;
    }
    if (b.cleanupInterval != null && !b.cleanupInterval.isZero()) {
      this.sweeper = new ScheduledThreadPoolExecutor(1, daemonThreads(threadPrefix + "-sweeper"));
      this.sweeper.setRemoveOnCancelPolicy(true);
      long interval = Math.max(1, b.cleanupInterval.toMillis());
      // instances started together spread their sweeps over the interval
      long firstDelay = interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1);
      this.sweeper.scheduleWithFixedDelay(this::scheduledSweep, firstDelay, interval, TimeUnit.MILLISECONDS);
    } else {
      this.sweeper = null;
    }
  }

  /** A builder; give it a {@link Builder#dataSource(DataSource) DataSource} or a {@link Builder#jdbcUrl(String) JDBC URL}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The dialect in use (detected or configured). */
  public JdbcDialect dialect() {
    return table.dialect;
  }

  /** The DDL this store runs (or would run) to create its table and indexes. */
  public List<String> createTableStatements() {
    return table.createStatements();
  }

  // ---- the SPI --------------------------------------------------------------------------------

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return run("get", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.get)) {
        ps.setString(1, id);
        ps.setLong(2, nowMillis());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          try {
            return Optional.of(readRow(rs));
          } catch (CorruptRowException e) {
            throw new SessionStoreException("stored session " + SessionIds.redact(id) + " is corrupt: "
                + e.getMessage());
          }
        }
      }
    });
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    String problem = invalidId(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return run("save", c -> expectedVersion == StoredSession.NEW
        ? insertNew(c, session)
        : updateVersioned(c, session, expectedVersion));
  }

  private boolean insertNew(Connection c, StoredSession s) throws SQLException {
    long now = nowMillis();
    if (table.dialect == JdbcDialect.POSTGRESQL) {
      // INSERT … ON CONFLICT DO UPDATE … WHERE expired: inserts, or replaces only an expired row
      try (PreparedStatement ps = c.prepareStatement(table.replaceExpired)) {
        int i = bindRow(ps, 1, s);
        ps.setLong(i, now);
        return ps.executeUpdate() == 1;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(table.insert)) {
      bindRow(ps, 1, s);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
    }
    // the id is taken: only an expired row that the sweep has not removed yet may be replaced
    try (PreparedStatement ps = c.prepareStatement(table.replaceExpired)) {
      int i = bindValues(ps, 1, s);
      ps.setString(i++, s.id());
      ps.setLong(i, now);
      return ps.executeUpdate() == 1;
    }
  }

  private boolean updateVersioned(Connection c, StoredSession s, long expectedVersion) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(table.update)) {
      int i = bindValues(ps, 1, s);
      ps.setString(i++, s.id());
      ps.setLong(i++, expectedVersion);
      ps.setLong(i, nowMillis());
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>First one conditional UPDATE writing the patch's whole document if the row is still live at
   * the patch's base version (the usual case: no other request wrote the session meanwhile). Else
   * one short transaction: {@code SELECT … FOR UPDATE} of the row, the patch applied to its data,
   * one UPDATE, commit. Writers of one session wait for each other on the row lock.
   */
  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return run("update", c -> {
      long version = rowLocked.updateAtBase(c, patch);
      return version != StoredSession.NEW ? version : rowLocked.update(c, patch);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>One short transaction: {@code SELECT … FOR UPDATE} of the row, one DELETE, commit. An expired
   * row is not returned and stays for the sweep.
   */
  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return run("take", c -> {
      try {
        return rowLocked.take(c, id);
      } catch (CorruptRowException e) {
        throw new SessionStoreException("stored session " + SessionIds.redact(id) + " is corrupt: " + e.getMessage());
      }
    });
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    String problem = invalidId(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return run("set", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.upsert)) {
        bindRow(ps, 1, session);
        ps.executeUpdate();
        return null;
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@link Builder#touchEnabled(boolean) touchEnabled(false)} this runs no statement and
   * reports true (express-mysql-session's {@code disableTouch}): expiry then moves only when the
   * session is written.
   */
  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    if (!touchEnabled) {
      return CompletableFuture.completedFuture(true);
    }
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
    return run("touch", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.touch)) {
        ps.setLong(1, millis(accessedAt));
        ps.setLong(2, millis(expiresAt));
        ps.setString(3, id);
        ps.setLong(4, nowMillis());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return run("destroy", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.destroy)) {
        ps.setString(1, id);
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public CompletionStage<Long> length() {
    return run("length", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.length)) {
        ps.setLong(1, nowMillis());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** {@inheritDoc} Rows that cannot be read (NULL where a value is required) are skipped and logged. */
  @Override
  public CompletionStage<List<StoredSession>> all() {
    return run("all", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.all)) {
        ps.setLong(1, nowMillis());
        return readRows(ps);
      }
    });
  }

  @Override
  public CompletionStage<Void> clear() {
    return run("clear", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.clear)) {
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return run("findByPrincipal", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.findByPrincipal)) {
        ps.setString(1, principal);
        ps.setLong(2, nowMillis());
        return readRows(ps);
      }
    });
  }

  /** {@inheritDoc} The sweep reports each row it deletes (not on MySQL, which cannot return them). */
  @Override
  public void setExpiryListener(ExpiryListener listener) {
    this.expiryListener = listener == null ? id -> {} : listener;
  }

  // ---- sweeping -------------------------------------------------------------------------------

  /**
   * Deletes the expired rows now, in batches of {@link Builder#cleanupBatchSize(int)}, each its
   * own short transaction; runs on the store's executor. The periodic sweep calls the same code.
   *
   * @return how many rows this call deleted
   */
  public CompletionStage<Long> sweepExpired() {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new SessionStoreException("the JDBC session store is closed"));
    }
    CompletableFuture<Long> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(sweepNow());
        } catch (SQLException e) {
          result.completeExceptionally(failure("sweep", e));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new SessionStoreException("the JDBC session store refused the sweep", e));
    }
    return result;
  }

  private void scheduledSweep() {
    if (closed.get()) {
      return;
    }
    try {
      long deleted = sweepNow();
      if (deleted > 0) {
        LOG.log(Level.DEBUG, () -> "swept " + deleted + " expired sessions from " + table.tableName);
      }
    } catch (SQLException | RuntimeException e) {
      // the next interval tries again; a database outage must not kill the sweeper thread
      LOG.log(Level.WARNING, "sweeping expired sessions from " + table.tableName + " failed; retrying at the next "
          + "interval: " + describe(e));
    }
  }

  private long sweepNow() throws SQLException {
    long now = nowMillis();
    long total = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_SWEEP && !closed.get(); batch++) {
      int[] candidatesAndDeleted = table.dialect == JdbcDialect.POSTGRESQL ? sweepBatchPostgres(now) : sweepBatchByKey(now);
      total += candidatesAndDeleted[1];
      if (candidatesAndDeleted[0] < cleanupBatchSize) {
        break;
      }
    }
    return total;
  }

  /** One statement: lock up to a batch of expired rows, skipping rows others hold, and delete them. */
  private int[] sweepBatchPostgres(long now) throws SQLException {
    List<String> deleted = inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepBatch)) {
        ps.setLong(1, now);
        ps.setInt(2, cleanupBatchSize);
        ps.setLong(3, now);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
    notifyExpired(deleted);
    return new int[] {deleted.size(), deleted.size()};
  }

  /**
   * Reads a batch of expired ids without locking, then deletes them by primary key in id order,
   * re-checking the expiry. Row locks are taken one key at a time in one order, so sweepers wait for
   * each other at worst and never form a cycle with a live request, which locks one row.
   */
  private int[] sweepBatchByKey(long now) throws SQLException {
    List<String> candidates = inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepCandidates)) {
        ps.setLong(1, now);
        ps.setInt(2, cleanupBatchSize);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
    if (candidates.isEmpty()) {
      return new int[] {0, 0};
    }
    Collections.sort(candidates);
    List<String> deleted = new ArrayList<>();
    int count = inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepDelete(candidates.size()))) {
        int i = 1;
        for (String id : candidates) {
          ps.setString(i++, id);
        }
        ps.setLong(i, now);
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
              deleted.add(rs.getString(1));
            }
          }
          return deleted.size();
        }
        return ps.getUpdateCount();
      }
    });
    notifyExpired(deleted);
    return new int[] {candidates.size(), count};
  }

  private void notifyExpired(List<String> ids) {
    ExpiryListener listener = expiryListener;
    for (String id : ids) {
      try {
        listener.expired(id);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "expiry listener threw; ignored: " + e);
      }
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /**
   * Stops the sweep and the store's own executor, and closes the pool the store created from a
   * JDBC URL. A caller's {@link DataSource} and executor are left open. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (sweeper != null) {
      sweeper.shutdownNow();
      awaitQuietly(sweeper, Duration.ofSeconds(10));
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      if (!awaitQuietly(ownedExecutor, Duration.ofSeconds(10))) {
        ownedExecutor.shutdownNow();
      }
    }
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing the JDBC session store's connection pool failed: " + e);
      }
    }
  }

  private static boolean awaitQuietly(ExecutorService service, Duration timeout) {
    try {
      return service.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on the executor with a connection of its own; never on the caller's thread. */
  private <T> CompletionStage<T> run(String operation, SqlWork<T> work) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new SessionStoreException("the JDBC session store is closed"));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(withDeadlockRetry(work));
        } catch (SQLException e) {
          result.completeExceptionally(failure(operation, e));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new SessionStoreException("the JDBC session store refused " + operation
          + (closed.get() ? ": it is closed" : ": " + MAX_QUEUED_OPERATIONS + " operations are already waiting"), e));
    }
    return result;
  }

  /** How often one unit of work is retried after the database chose it as a deadlock victim. */
  private static final int DEADLOCK_RETRIES = 5;

  /**
   * Runs one unit of work, again when the database aborted it as a deadlock victim or a
   * serialization failure (SQLState class 40: MariaDB/MySQL 40001, PostgreSQL 40001/40P01). Every
   * unit is one statement (or one transaction), rolled back by the database when aborted, so running
   * it again is safe; it is what the database's own message asks for.
   */
  private <T> T withDeadlockRetry(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return inConnection(work);
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (attempt > DEADLOCK_RETRIES || state == null || !state.startsWith("40")) {
          throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "JDBC session store: transaction aborted (SQLState " + state
            + "), retrying");
      }
    }
  }

  /** Told about connection failures, by the store, when it owns a pool that can recover faster (HikariPools). */
  interface ConnectionFailures {
    void connectionFailed();
  }

  /** Borrows a connection for one unit of work; commits it when the pool hands out manual-commit connections. */
  private <T> T inConnection(SqlWork<T> work) throws SQLException {
    try {
      return inConnectionOnce(work);
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && state.startsWith("08") && ownedPool instanceof ConnectionFailures pool) {
        pool.connectionFailed();
      }
      throw e;
    }
  }

  private <T> T inConnectionOnce(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean manualCommit = !c.getAutoCommit();
      try {
        T value = work.run(c);
        if (manualCommit) {
          c.commit();
        }
        return value;
      } catch (SQLException | RuntimeException e) {
        if (manualCommit) {
          try {
            c.rollback();
          } catch (SQLException rollback) {
            e.addSuppressed(rollback);
          }
        }
        throw e;
      }
    }
  }

  /** Binds id and the six other columns, in SELECT-list order; returns the next index. */
  private int bindRow(PreparedStatement ps, int i, StoredSession s) throws SQLException {
    ps.setString(i++, s.id());
    return bindValues(ps, i, s);
  }

  /** Binds the six non-key columns (data … principal); returns the next index. */
  private int bindValues(PreparedStatement ps, int i, StoredSession s) throws SQLException {
    ps.setBytes(i++, s.data());
    ps.setLong(i++, millis(s.createdAt()));
    ps.setLong(i++, millis(s.lastAccessedAt()));
    ps.setLong(i++, millis(s.expiresAt()));
    ps.setLong(i++, s.version());
    String principal = indexablePrincipal(s.id(), s.principal());
    if (principal == null) {
      ps.setNull(i++, java.sql.Types.VARCHAR);
    } else {
      ps.setString(i++, principal);
    }
    return i;
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

  private List<StoredSession> readRows(PreparedStatement ps) throws SQLException {
    List<StoredSession> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          rows.add(readRow(rs));
        } catch (CorruptRowException e) {
          LOG.log(Level.WARNING, "skipping a corrupt session row in " + table.tableName + ": " + e.getMessage());
        }
      }
    }
    return rows;
  }

  private StoredSession readRow(ResultSet rs) throws SQLException {
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

  /** A row that cannot be turned into a record. */
  private static final class CorruptRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRowException(String message) {
      super(message, null, false, false);
    }
  }

  private long nowMillis() {
    return clock.millis();
  }

  /** Epoch millis, saturating: far-future expiries (beyond year 292,278,994) become Long.MAX_VALUE. */
  static long millis(Instant instant) {
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException tooFar) {
      return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String invalidId(String id) {
    return SessionIds.isWellFormed(id) ? null
        : "session id must be 16-256 characters of [A-Za-z0-9._~-], was " + SessionIds.redact(id);
  }

  private static boolean isDuplicateKey(SQLException e) {
    if (e instanceof SQLIntegrityConstraintViolationException) {
      return true;
    }
    String state = e.getSQLState();
    // 23000 (MariaDB/MySQL), 23505 (H2, PostgreSQL unique_violation)
    return state != null && (state.equals("23000") || state.equals("23505"));
  }

  private SessionStoreException failure(String operation, SQLException e) {
    return new SessionStoreException("JDBC session store: " + operation + " failed on " + table.tableName + ": "
        + describe(e), e);
  }

  private static String describe(Exception e) {
    if (e instanceof SQLException sql) {
      return "SQLState " + sql.getSQLState() + ", " + sql.getMessage();
    }
    return e.toString();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Builds a {@link JdbcSessionStore}. {@link #build()} connects once: it detects the dialect,
   * creates the table when asked, and checks the configured names against the table, so a wrong
   * name fails at start with a message naming the option — not on the first request.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String jdbcUrl;
    private String username;
    private String password;
    private int maximumPoolSize = 10;
    private Duration connectionTimeout = Duration.ofSeconds(2);
    private JdbcDialect dialect;
    private String tableName = "sessions4j_sessions";
    private final String[] columns = new String[Column.values().length];
    private boolean createTable = true;
    private Duration cleanupInterval = Duration.ofMinutes(15);
    private int cleanupBatchSize = 500;
    private boolean touchEnabled = true;
    private Executor executor;
    private int threads;
    private Clock clock = Clock.systemUTC();

    private Builder() {
      for (Column c : Column.values()) {
        columns[c.ordinal()] = c.defaultName;
      }
    }

    /** The caller's pool. The store borrows connections from it and never closes it. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /**
     * A JDBC URL for a pool the store creates (HikariCP, which must be on the class path) and closes
     * in {@link JdbcSessionStore#close()}. MariaDB Connector/J 4 tries TLS by default: add {@code
     * sslMode=disable} for a local server without TLS.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /** The user for {@link #jdbcUrl(String)}. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** The password for {@link #jdbcUrl(String)}; never logged. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Connections in the store's own pool (with {@link #jdbcUrl}); default 10. */
    public Builder maximumPoolSize(int size) {
      this.maximumPoolSize = size;
      return this;
    }

    /**
     * How long an operation waits for a connection of the store's own pool (with {@link #jdbcUrl})
     * before it fails; default 2 s, at least 250 ms. Keep it below the engine's {@code storeTimeout}:
     * a wait the engine has already given up on only keeps a store thread busy.
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = timeout;
      return this;
    }

    /** The dialect; default: detected from the database's product name. */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /** {@code tableName}, default {@code sessions4j_sessions}. A plain identifier; set the schema on the connection. */
    public Builder tableName(String name) {
      this.tableName = name;
      return this;
    }

    /** The id column (primary key), default {@code id}. */
    public Builder idColumn(String name) {
      return column(Column.ID, name);
    }

    /** The data column (session bytes), default {@code data}. */
    public Builder dataColumn(String name) {
      return column(Column.DATA, name);
    }

    /** The creation time column (epoch millis), default {@code created_at}. */
    public Builder createdAtColumn(String name) {
      return column(Column.CREATED_AT, name);
    }

    /** The last-access time column (epoch millis), default {@code last_accessed_at}. */
    public Builder lastAccessedAtColumn(String name) {
      return column(Column.LAST_ACCESSED_AT, name);
    }

    /** The expiry column (epoch millis, indexed), default {@code expires_at}. */
    public Builder expiresAtColumn(String name) {
      return column(Column.EXPIRES_AT, name);
    }

    /** The version column (compare-and-set), default {@code version}. */
    public Builder versionColumn(String name) {
      return column(Column.VERSION, name);
    }

    /** The principal column (indexed, for findByPrincipal), default {@code principal}. */
    public Builder principalColumn(String name) {
      return column(Column.PRINCIPAL, name);
    }

    private Builder column(Column column, String name) {
      columns[column.ordinal()] = name;
      return this;
    }

    /** {@code createTable}: create the table and its indexes at start if missing (idempotent). Default true. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * {@code cleanupInterval}: how often expired rows are deleted, on one daemon thread the store
     * owns. Default 15 minutes; {@code null} or zero turns the sweep off (expired rows are still
     * never returned).
     */
    public Builder cleanupInterval(Duration interval) {
      this.cleanupInterval = interval;
      return this;
    }

    /** Rows deleted per sweep transaction; default 500. Small batches keep locks short. */
    public Builder cleanupBatchSize(int rows) {
      this.cleanupBatchSize = rows;
      return this;
    }

    /**
     * {@code touchEnabled}: when false, {@link JdbcSessionStore#touch} runs no statement (like
     * express-mysql-session's {@code disableTouch}); sessions then expire a window after their last
     * write even when read since. Default true.
     */
    public Builder touchEnabled(boolean enabled) {
      this.touchEnabled = enabled;
      return this;
    }

    /**
     * The executor JDBC calls run on; the caller keeps ownership. Default: the store's own pool of
     * {@link #threads(int)} daemon threads.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Threads of the store's own executor; default the pool size ({@link #maximumPoolSize}, 10 for a caller's DataSource). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** The clock deciding expiry (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Validates the options, connects, creates the table if asked, checks the table's columns, and
     * starts the sweep.
     *
     * @throws IllegalArgumentException when an option is invalid, or the table lacks a configured column
     * @throws SessionStoreException when the database cannot be reached
     */
    public JdbcSessionStore build() {
      validate();
      DataSource ds = dataSource;
      AutoCloseable owned = null;
      if (ds == null) {
        if (!HikariPools.available()) {
          throw invalid("jdbcUrl needs HikariCP on the class path (com.zaxxer:HikariCP) for the store's own pool; "
              + "add it, or pass your own pool with dataSource(...)");
        }
        try {
          ds = HikariPools.create(jdbcUrl, username, password, maximumPoolSize, "sessions4j-jdbc-" + tableName,
              connectionTimeout);
          owned = (AutoCloseable) ds;
        } catch (RuntimeException e) {
          throw new SessionStoreException("JDBC session store: cannot open a connection pool for jdbcUrl: "
              + rootCause(e));
        }
      }
      try {
        SessionTable table = prepareTable(ds);
        JdbcSessionStore store = new JdbcSessionStore(this, ds, owned, table);
        LOG.log(Level.INFO, () -> "JDBC session store on " + table.dialect + ", table " + tableName + ", "
            + (dataSource == null ? "own pool of " + maximumPoolSize : "caller's DataSource") + ", sweep "
            + (cleanupInterval == null || cleanupInterval.isZero() ? "off" : "every " + cleanupInterval));
        return store;
      } catch (RuntimeException e) {
        closeQuietly(owned);
        throw e;
      }
    }

    private SessionTable prepareTable(DataSource ds) {
      try (Connection c = ds.getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        JdbcDialect chosen = dialect;
        if (chosen == null) {
          chosen = JdbcDialect.detect(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
          if (chosen == null) {
            throw invalid("dialect cannot be detected from the database product '" + meta.getDatabaseProductName()
                + "'; supported: MariaDB, MySQL, PostgreSQL, H2 (set dialect(...) if a wrapper hides the product)");
          }
        }
        char caseRule = meta.storesUpperCaseIdentifiers() ? 'U' : meta.storesLowerCaseIdentifiers() ? 'L' : 'M';
        String quote = meta.getIdentifierQuoteString();
        if (quote == null || quote.isBlank()) {
          quote = chosen.isMySqlFamily() ? "`" : "\"";
        }
        SessionTable table = new SessionTable(chosen, tableName, List.of(columns), caseRule, quote.trim());
        boolean manualCommit = !c.getAutoCommit();
        SQLException createFailure = createTable ? createTable(c, table, manualCommit) : null;
        checkColumns(c, table, manualCommit, createFailure);
        warnIfExpiryNotIndexed(meta, c, table);
        return table;
      } catch (SQLException e) {
        throw new SessionStoreException("JDBC session store: cannot prepare table " + tableName + ": SQLState "
            + e.getSQLState() + ", " + e.getMessage(), e);
      }
    }

    /** Runs the DDL; returns the first failure instead of throwing it (see the column check). */
    private SQLException createTable(Connection c, SessionTable table, boolean manualCommit) throws SQLException {
      SQLException first = null;
      for (String ddl : table.createStatements()) {
        try (Statement st = c.createStatement()) {
          st.execute(ddl);
          if (manualCommit) {
            c.commit();
          }
        } catch (SQLException e) {
          // another instance may be creating the same table right now (PostgreSQL then reports a
          // duplicate in its catalog): the column check decides whether the table is usable
          if (manualCommit) {
            c.rollback();
          }
          LOG.log(Level.DEBUG, () -> "creating " + tableName + " failed (" + e.getMessage() + "); checking the table");
          first = first == null ? e : first;
        }
      }
      return first;
    }

    private void checkColumns(Connection c, SessionTable table, boolean manualCommit, SQLException createFailure)
        throws SQLException {
      Set<String> present = new LinkedHashSet<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(table.probe)) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          present.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
        }
      } catch (SQLException e) {
        if (manualCommit) {
          c.rollback();
        }
        if (createFailure != null) {
          throw new SessionStoreException("JDBC session store: table " + tableName + " could not be created (SQLState "
              + createFailure.getSQLState() + ": " + createFailure.getMessage() + "); create it with the DDL in "
              + "STORES.md, or grant the store's user CREATE", createFailure);
        }
        throw invalid("table " + tableName + " (option tableName) does not exist or cannot be read (SQLState "
            + e.getSQLState() + ": " + e.getMessage() + "); create it with the DDL in STORES.md, or turn on "
            + "createTable(true)");
      }
      if (manualCommit) {
        c.commit();
      }
      for (Column col : Column.values()) {
        String name = columns[col.ordinal()];
        if (!present.contains(name.toLowerCase(Locale.ROOT))) {
          throw invalid("table " + tableName + " has no column '" + name + "' (option " + col.option
              + "); its columns are " + present + ": set " + col.option + "(...) to the right name, or add the column");
        }
      }
    }

    private void warnIfExpiryNotIndexed(DatabaseMetaData meta, Connection c, SessionTable table) {
      String expires = columns[Column.EXPIRES_AT.ordinal()];
      try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), table.storedTableName, false, true)) {
        while (rs.next()) {
          String column = rs.getString("COLUMN_NAME");
          if (column != null && column.equalsIgnoreCase(expires) && rs.getShort("ORDINAL_POSITION") == 1) {
            return;
          }
        }
      } catch (SQLException | RuntimeException e) {
        return; // metadata is advisory here
      }
      LOG.log(Level.WARNING, "table " + tableName + " has no index starting with " + expires
          + ": every expiry sweep will scan the whole table; add one (see STORES.md)");
    }

    private void validate() {
      if ((dataSource == null) == (jdbcUrl == null)) {
        throw invalid("give exactly one of dataSource(...) (your pool, left open by close()) and jdbcUrl(...) "
            + "(a pool the store owns)");
      }
      if (dataSource != null && (username != null || password != null)) {
        throw invalid("username/password apply to jdbcUrl(...); configure credentials on your dataSource instead");
      }
      if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
        throw invalid("connectionTimeout must be at least 250 ms (HikariCP's minimum), was " + connectionTimeout);
      }
      if (maximumPoolSize < 1) {
        throw invalid("maximumPoolSize must be at least 1, was " + maximumPoolSize);
      }
      if (threads < 0) {
        throw invalid("threads must be positive (or 0 for the default), was " + threads);
      }
      if (executor != null && threads > 0) {
        throw invalid("threads sizes the store's own executor; it does not apply with executor(...)");
      }
      if (cleanupInterval != null && cleanupInterval.isNegative()) {
        throw invalid("cleanupInterval must be positive, or zero/null for no sweep, was " + cleanupInterval);
      }
      if (cleanupBatchSize < 1 || cleanupBatchSize > 10_000) {
        throw invalid("cleanupBatchSize must be between 1 and 10000, was " + cleanupBatchSize);
      }
      requireIdentifier(tableName, "tableName");
      Set<String> seen = new LinkedHashSet<>();
      for (Column c : Column.values()) {
        String name = columns[c.ordinal()];
        requireIdentifier(name, c.option);
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
          throw invalid(c.option + " '" + name + "' is already used by another column");
        }
      }
    }

    private static void requireIdentifier(String name, String option) {
      if (name == null || !SessionTable.IDENTIFIER.matcher(name).matches()) {
        throw invalid(option + " '" + name + "' is not a valid SQL name: use 1-" + SessionTable.MAX_IDENTIFIER
            + " letters, digits and underscores, not starting with a digit");
      }
    }

    private static IllegalArgumentException invalid(String message) {
      return new IllegalArgumentException("Invalid JDBC session store configuration: " + message);
    }

    /** The root cause, without anything that could be a credential (the password, URL parameters). */
    private String rootCause(Throwable t) {
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      String message = String.valueOf(t.getMessage());
      if (password != null && !password.isEmpty()) {
        message = message.replace(password, "****");
      }
      if (jdbcUrl != null && jdbcUrl.indexOf('?') >= 0) {
        message = message.replace(jdbcUrl.substring(jdbcUrl.indexOf('?')), "?****");
      }
      message = message.replaceAll("(?i)(password|pwd)=[^&;\\s)]*", "$1=****");
      return t.getClass().getSimpleName() + (t instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "")
          + ": " + message;
    }

    private static void closeQuietly(AutoCloseable closeable) {
      if (closeable == null) {
        return;
      }
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, () -> "closing the store's pool failed: " + e);
      }
    }
  }
}
