package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoreLifecycle;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * A session store in one SQL table, on MariaDB/MySQL, PostgreSQL or H2: it creates its table at
 * start (idempotently; can be turned off), takes configurable table and column names (checked
 * against the table at start), sweeps expired rows on an interval (or never), and runs on its own
 * HikariCP pool or on the caller's {@link DataSource}. {@link #close()} releases only what the
 * store created.
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
 *
 * <p>This class is the store's face; its parts live beside it: {@link SessionTable} (the statement
 * texts) with each database's {@link SqlDialect}, {@link SessionRows} (record to row and back),
 * {@link VersionedWrites} (save), {@link RowLockedWrites} (update and take), {@link StoreExecutor}
 * (threads, connections, transactions, deadlock retries), {@link ExpirySweeper}, and {@link
 * StoreStartup} with {@link TableSetup} (what {@code build()} does).
 */
public final class JdbcSessionStore implements SessionStore, PrincipalIndex, StoreAdministration {
  private final SessionTable table;
  private final SessionRows rows;
  private final VersionedWrites versioned;
  private final RowLockedWrites rowLocked;
  private final StoreExecutor executor;
  private final ExpirySweeper sweeper;
  private final Clock clock;
  private final boolean touchEnabled;
  private final StoreLifecycle lifecycle = new StoreLifecycle("JDBC session store");
  private final ExpiryNotifier expiry = new ExpiryNotifier();

  /** Started by {@link StoreStartup} once the table is ready. */
  JdbcSessionStore(Builder b, DataSource dataSource, AutoCloseable ownedPool, SessionTable table) {
    this.table = table;
    this.rows = new SessionRows(table);
    this.clock = b.clock;
    this.versioned = new VersionedWrites(table, rows, b.clock);
    this.rowLocked = new RowLockedWrites(table, b.clock, rows::read);
    this.touchEnabled = b.touchEnabled;
    String threadPrefix = "sessions4j-jdbc-" + b.tableName;
    this.executor = new StoreExecutor(dataSource, ownedPool, b.executor, b.threads > 0 ? b.threads : b.maximumPoolSize,
        threadPrefix, lifecycle, table.tableName);
    this.sweeper = new ExpirySweeper(table, executor, b.clock, b.cleanupBatchSize, expiry, lifecycle,
        b.cleanupInterval, threadPrefix + "-sweeper");
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
    return executor.run("get", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.get)) {
        ps.setString(1, id);
        ps.setLong(2, clock.millis());
        return Optional.ofNullable(rows.readOne(ps, id));
      }
    });
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return executor.run("save", c -> expectedVersion == StoredSession.NEW
        ? versioned.insertNew(c, session)
        : versioned.update(c, session, expectedVersion));
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
    return executor.run("update", c -> {
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
    return executor.run("take", c -> {
      try {
        return rowLocked.take(c, id);
      } catch (SessionRows.CorruptRowException e) {
        throw new SessionStoreException("stored session " + SessionIds.redact(id) + " is corrupt: " + e.getMessage());
      }
    });
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return executor.run("set", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.upsert)) {
        rows.bindRow(ps, 1, session);
        ps.executeUpdate();
        return null;
      }
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@link Builder#touchEnabled(boolean) touchEnabled(false)} this runs no statement and
   * reports true: expiry then moves only when the
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
    return executor.run("touch", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.touch)) {
        ps.setLong(1, SessionRows.millis(accessedAt));
        ps.setLong(2, SessionRows.millis(expiresAt));
        ps.setString(3, id);
        ps.setLong(4, clock.millis());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return executor.run("destroy", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.destroy)) {
        ps.setString(1, id);
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public CompletionStage<Long> length() {
    return executor.run("length", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.length)) {
        ps.setLong(1, clock.millis());
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
    return executor.run("all", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.all)) {
        ps.setLong(1, clock.millis());
        return rows.readAll(ps);
      }
    });
  }

  @Override
  public CompletionStage<Void> clear() {
    return executor.run("clear", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.clear)) {
        ps.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return executor.run("findByPrincipal", c -> {
      try (PreparedStatement ps = c.prepareStatement(table.findByPrincipal)) {
        ps.setString(1, principal);
        ps.setLong(2, clock.millis());
        return rows.readAll(ps);
      }
    });
  }

  /** {@inheritDoc} The sweep reports each row it deletes (not on MySQL, which cannot return them). */
  @Override
  public void setExpiryListener(ExpiryListener listener) {
    expiry.listener(listener);
  }

  /**
   * Deletes the expired rows now, in batches of {@link Builder#cleanupBatchSize(int)}, each its
   * own short transaction; runs on the store's executor. The periodic sweep calls the same code.
   *
   * @return how many rows this call deleted
   */
  public CompletionStage<Long> sweepExpired() {
    return sweeper.sweepNow();
  }

  /**
   * Stops the sweep and the store's own executor, and closes the pool the store created from a
   * JDBC URL. A caller's {@link DataSource} and executor are left open. Idempotent.
   */
  @Override
  public void close() {
    if (!lifecycle.markClosed()) {
      return;
    }
    sweeper.stop();
    executor.shutdown();
  }

  /**
   * Builds a {@link JdbcSessionStore}. {@link #build()} connects once: it detects the dialect,
   * creates the table when asked, and checks the configured names against the table, so a wrong
   * name fails at start with a message naming the option — not on the first request.
   */
  public static final class Builder {
    // read by StoreStartup and the store's constructor
    DataSource dataSource;
    String jdbcUrl;
    String username;
    String password;
    int maximumPoolSize = 10;
    Duration connectionTimeout = Duration.ofSeconds(2);
    JdbcDialect dialect;
    String tableName = "sessions4j_sessions";
    final String[] columns = new String[Column.values().length];
    boolean createTable = true;
    Duration cleanupInterval = Duration.ofMinutes(15);
    int cleanupBatchSize = 500;
    boolean touchEnabled = true;
    Executor executor;
    int threads;
    Clock clock = Clock.systemUTC();

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
     * {@code touchEnabled}: when false, {@link JdbcSessionStore#touch} runs no statement; sessions
     * then expire a window after their last write even when read since. Default true.
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
      return StoreStartup.start(this);
    }
  }
}
