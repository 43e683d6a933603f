package io.sessions4j.core.compat.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link SessionStore} on express-mysql-session's table (MySQL or MariaDB), so that a Node app
 * using express-session with express-mysql-session and a sessions4j app share live sessions. The
 * table is the package's own ({@code schema.sql} of express-mysql-session 3): {@code session_id}
 * varchar(128), {@code expires} unsigned int in <em>seconds</em>, {@code data} mediumtext holding
 * {@code JSON.stringify(req.session)} ({@link ExpressSessionJson}); its {@code schema.tableName}
 * and {@code schema.columnNames} are {@link Builder#tableName} and {@link Builder#columnNames}.
 *
 * <p>Expiry follows the package: a row whose {@code expires} is before the current second is
 * absent; a touch moves only {@code expires}; a sweep deletes expired rows every {@code
 * checkExpirationInterval} (15 minutes) unless turned off.
 *
 * <p>Concurrency with Node writers (they neither lock nor version; express-session writes the whole
 * document, last wins): every write of this store takes the row lock ({@code SELECT … FOR
 * UPDATE}) and applies its change to the row as it stands, so a Node write that landed first is
 * kept, apart from the attributes this request changed. A Node write that lands after ours
 * replaces it whole, as it would replace another Node process's. A patch never creates a row, so a
 * session destroyed on either side is never brought back from here. The version of a row is derived
 * from its text ({@link ExpressSessionJson#versionOf}).
 *
 * <p>Administration ({@link PrincipalIndex}, {@link StoreAdministration}) sees Node's rows as well as
 * Java's: a session's principal is the value at {@link Builder#principalPath} in its document
 * (passport's {@code passport.user} by default), found with {@code JSON_EXTRACT} over the whole
 * table (no index: time proportional to the rows, for operators and admin pages, never on a
 * request). {@code set} writes a fresh express-session document; {@code clear} empties the table.
 *
 * <p>What the layout cannot keep ({@link LayoutLimits}): data is only the attributes (a document's
 * types and metadata, and bytes that are no document, are not stored); versions are derived from
 * the text; creation and access times are derived from {@code expires} and {@code
 * cookie.originalMaxAge}; expiry is whole seconds (rounded as the package rounds), at most
 * 2106-02-07 (an unsigned int; later expiries, {@link StoredSession#LATEST} among them, are stored
 * as the largest and read back as {@code LATEST}); the principal is what the document says; no
 * expiry events.
 */
public final class ExpressMysqlSessionStore
    implements SessionStore, PrincipalIndex, StoreAdministration, LayoutLimits {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");
  /** The largest {@code expires} an unsigned int column holds (2106-02-07T06:28:15Z). */
  static final long MAX_EXPIRES_SECONDS = 4_294_967_295L;
  private static final Map<Guarantee, String> LIMITS = Map.of(
      Guarantee.OPAQUE_DATA, "the data column holds express-session's JSON: only a document's attributes are kept",
      Guarantee.WRITTEN_VERSIONS, "Node writers keep no version: a row's version is derived from its text",
      Guarantee.RECORDED_TIMES, "express-session keeps no creation or access time: both are expires minus "
          + "cookie.originalMaxAge",
      Guarantee.MILLISECOND_EXPIRY, "expires is an unsigned int of seconds (express-mysql-session's schema)",
      Guarantee.WRITTEN_PRINCIPAL, "the row has no principal column: the principal is the value at principalPath "
          + "in the document",
      Guarantee.EXPIRY_EVENTS, "rows are swept with one DELETE, as express-mysql-session sweeps them");

  private final DataSource dataSource;
  private final ExpressCookieShape shape;
  private final Clock clock;
  private final ExecutorService executor;
  private final ScheduledExecutorService sweeper;
  private final String select;
  private final String insert;
  private final String updateRow;
  private final String touchRow;
  private final String delete;
  private final String sweep;
  private final String upsert;
  private final String selectLive;
  private final String selectPrincipal;
  private final String count;
  private final String deleteAll;
  private final PrincipalPath principalPath;

  private ExpressMysqlSessionStore(Builder b) {
    this.dataSource = b.dataSource;
    this.shape = b.shape;
    this.clock = b.clock;
    this.principalPath = b.principalPath;
    String t = quote(b.tableName);
    String id = quote(b.idColumn);
    String expires = quote(b.expiresColumn);
    String data = quote(b.dataColumn);
    this.select = "SELECT " + data + ", " + expires + " FROM " + t + " WHERE " + id + " = ?";
    this.insert = "INSERT INTO " + t + " (" + id + ", " + expires + ", " + data + ") VALUES (?, ?, ?)";
    this.updateRow = "UPDATE " + t + " SET " + expires + " = ?, " + data + " = ? WHERE " + id + " = ?";
    this.touchRow = "UPDATE " + t + " SET " + expires + " = ? WHERE " + id + " = ? AND " + expires + " >= ?";
    this.delete = "DELETE FROM " + t + " WHERE " + id + " = ?";
    this.sweep = "DELETE FROM " + t + " WHERE " + expires + " < ?";
    this.upsert = insert + " ON DUPLICATE KEY UPDATE " + expires + " = VALUES(" + expires + "), " + data
        + " = VALUES(" + data + ")";
    this.selectLive = "SELECT " + id + ", " + data + ", " + expires + " FROM " + t + " WHERE " + expires + " >= ?";
    // CASE first: MySQL's JSON_EXTRACT fails on a row that is not JSON, MariaDB's gives NULL
    this.selectPrincipal = selectLive + " AND CASE WHEN JSON_VALID(" + data + ") THEN JSON_UNQUOTE(JSON_EXTRACT("
        + data + ", ?)) END = ?";
    this.count = "SELECT COUNT(*) FROM " + t + " WHERE " + expires + " >= ?";
    this.deleteAll = "DELETE FROM " + t;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(b.threads, r -> daemon(r, "sessions4j-express-mysql-" + n.incrementAndGet()));
    if (b.createTable) {
      createTable(t, id, expires, data);
    }
    if (b.clearExpired) {
      this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sessions4j-express-mysql-sweep"));
      long every = b.checkExpirationInterval.toMillis();
      sweeper.scheduleWithFixedDelay(this::clearExpired, every, every, TimeUnit.MILLISECONDS);
    } else {
      this.sweeper = null;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A builder; {@link Builder#dataSource} is required. */
  public static Builder builder() {
    return new Builder();
  }

  private void createTable(String t, String id, String expires, String data) {
    // express-mysql-session's schema.sql, with its configured names
    String ddl = "CREATE TABLE IF NOT EXISTS " + t + " (" + id + " varchar(128) COLLATE utf8mb4_bin NOT NULL, "
        + expires + " int(11) unsigned NOT NULL, " + data + " mediumtext COLLATE utf8mb4_bin, PRIMARY KEY ("
        + id + ")) ENGINE=InnoDB";
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      throw new SessionStoreException("could not create express-mysql-session's table " + t
          + " (create it with the package's schema.sql, or set createTable(false)): " + e.getSQLState(), e);
    }
  }

  /** Deletes expired rows now (what the periodic sweep runs); returns how many. */
  public int clearExpired() {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sweep)) {
      s.setLong(1, nowSeconds());
      return s.executeUpdate();
    } catch (SQLException e) {
      return 0; // the next sweep tries again; reads skip expired rows anyway
    }
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return run("get", () -> {
      try (Connection c = dataSource.getConnection()) {
        Row row = read(c, id, false);
        return row == null || !row.live ? Optional.<StoredSession>empty() : Optional.ofNullable(row.record(id));
      }
    });
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return inTransaction("save", c -> {
      if (expectedVersion == StoredSession.NEW) {
        String json = ExpressSessionJson.fromDocument(session.data(), null, shape, session.lastAccessedAt(),
            session.expiresAt());
        try (PreparedStatement s = c.prepareStatement(insert)) {
          s.setString(1, session.id());
          s.setLong(2, seconds(session.expiresAt()));
          s.setString(3, json);
          s.executeUpdate();
          return true;
        } catch (SQLIntegrityConstraintViolationException exists) {
          c.rollback();
          Row row = read(c, session.id(), true);
          if (row != null && row.live) {
            return false;
          }
          write(c, session.id(), session.expiresAt(), json);
          return true;
        }
      }
      Row row = read(c, session.id(), true);
      if (row == null || !row.live || row.version != expectedVersion) {
        return false;
      }
      ObjectNode cookie = row.root == null ? null : ExpressSessionJson.cookie(row.root);
      write(c, session.id(), session.expiresAt(), ExpressSessionJson.fromDocument(session.data(), cookie, shape,
          session.lastAccessedAt(), session.expiresAt()));
      return true;
    });
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return inTransaction("update", c -> {
      Row row = read(c, patch.id(), true);
      if (row == null || !row.live || row.root == null) {
        return StoredSession.NEW; // absent, expired, or unreadable (absent to every reader): never written over
      }
      String json = ExpressSessionJson.apply(row.root, patch, shape);
      write(c, patch.id(), patch.expiresAt(), json);
      return ExpressSessionJson.versionOf(json);
    });
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return inTransaction("take", c -> {
      Row row = read(c, id, true);
      if (row == null || !row.live) {
        return Optional.<StoredSession>empty();
      }
      try (PreparedStatement s = c.prepareStatement(delete)) {
        s.setString(1, id);
        s.executeUpdate();
      }
      return Optional.ofNullable(row.record(id));
    });
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
    // as express-mysql-session's touch: only the expires column moves
    return run("touch", () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(touchRow)) {
        s.setLong(1, seconds(expiresAt));
        s.setString(2, id);
        s.setLong(3, nowSeconds());
        return s.executeUpdate() > 0;
      }
    });
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return run("destroy", () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(delete)) {
        s.setString(1, id);
        s.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    executor.shutdown();
  }

  // ---- administration -------------------------------------------------------------------------

  /**
   * The live sessions whose document holds {@code principal} at {@link Builder#principalPath}, Node's
   * and Java's alike: one {@code JSON_EXTRACT} query over every live row (no index).
   */
  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return run("findByPrincipal", () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(selectPrincipal)) {
        s.setLong(1, nowSeconds());
        s.setString(2, principalPath.jsonPath());
        s.setString(3, principal);
        // the database compares in its collation (maybe case-insensitive): only exact matches count
        return records(s).stream().filter(r -> principal.equals(r.principal())).toList();
      }
    });
  }

  /** Writes an express-session row unconditionally: the record's attributes with a new cookie object. */
  @Override
  public CompletionStage<Void> set(StoredSession session) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return run("set", () -> {
      String json = ExpressSessionJson.fromDocument(session.data(), null, shape, session.lastAccessedAt(),
          session.expiresAt());
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(upsert)) {
        s.setString(1, session.id());
        s.setLong(2, seconds(session.expiresAt()));
        s.setString(3, json);
        s.executeUpdate();
        return null;
      }
    });
  }

  @Override
  public CompletionStage<Long> length() {
    return run("length", () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(count)) {
        s.setLong(1, nowSeconds());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** Every live row; rows that are not a JSON object are skipped. */
  @Override
  public CompletionStage<List<StoredSession>> all() {
    return run("all", () -> {
      try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(selectLive)) {
        s.setLong(1, nowSeconds());
        return records(s);
      }
    });
  }

  /** Deletes every row of the table, Node's sessions included. */
  @Override
  public CompletionStage<Void> clear() {
    return run("clear", () -> {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate(deleteAll);
        return null;
      }
    });
  }

  @Override
  public Map<Guarantee, String> limits() {
    return LIMITS;
  }

  private List<StoredSession> records(PreparedStatement s) throws SQLException {
    List<StoredSession> records = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        StoredSession record = new Row(rs.getString(2), rs.getLong(3)).record(rs.getString(1));
        if (record != null) {
          records.add(record);
        }
      }
    }
    return records;
  }

  // ---- rows -----------------------------------------------------------------------------------

  /** One row: its JSON (null when unreadable), expiry and liveness, and the version of its text. */
  private final class Row {
    final ObjectNode root;
    final long expiresSeconds;
    final boolean live;
    final long version;

    Row(String json, long expiresSeconds) {
      ObjectNode parsed;
      try {
        parsed = json == null ? null : ExpressSessionJson.parse(json);
      } catch (CorruptSessionException e) {
        parsed = null;
      }
      this.root = parsed;
      this.expiresSeconds = expiresSeconds;
      // express-mysql-session's get: expired when expires < Math.round(Date.now() / 1000)
      this.live = expiresSeconds >= nowSeconds();
      this.version = json == null ? 1 : ExpressSessionJson.versionOf(json);
    }

    /** The record, or null when the row holds no JSON object (absent to the engine, as it is unreadable). */
    StoredSession record(String id) {
      if (root == null) {
        return null;
      }
      Instant expiresAt = expiresSeconds >= MAX_EXPIRES_SECONDS ? StoredSession.LATEST
          : Instant.ofEpochSecond(expiresSeconds);
      Long maxAge = ExpressSessionJson.originalMaxAge(root);
      // express-session keeps no creation or access time: the last touch is expiry minus the cookie's max age
      Instant touched = maxAge == null ? clock.instant() : expiresAt.minusMillis(maxAge);
      if (touched.isAfter(clock.instant())) {
        touched = clock.instant();
      }
      return new StoredSession(id, ExpressSessionJson.toDocument(root), touched, touched, expiresAt, version,
          principalPath.valueIn(root));
    }
  }

  private Row read(Connection c, String id, boolean lock) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(lock ? select + " FOR UPDATE" : select)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? new Row(rs.getString(1), rs.getLong(2)) : null;
      }
    }
  }

  private void write(Connection c, String id, Instant expiresAt, String json) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(updateRow)) {
      s.setLong(1, seconds(expiresAt));
      s.setString(2, json);
      s.setString(3, id);
      s.executeUpdate();
    }
  }

  /**
   * Whole seconds, rounded as express-mysql-session rounds ({@code Math.round(ms / 1000)}), at most
   * what the unsigned int column holds.
   */
  private static long seconds(Instant instant) {
    return Math.min(MAX_EXPIRES_SECONDS, Math.floorDiv(instant.toEpochMilli() + 500, 1000));
  }

  private long nowSeconds() {
    return seconds(clock.instant());
  }

  // ---- calls ----------------------------------------------------------------------------------

  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  private interface SqlTransaction<T> {
    T call(Connection c) throws SQLException;
  }

  private <T> CompletionStage<T> run(String what, SqlCall<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(call.call());
        } catch (SQLException e) {
          result.completeExceptionally(new SessionStoreException("express-mysql-session store " + what
              + " failed (SQLState " + e.getSQLState() + ")", e));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      result.completeExceptionally(new SessionStoreException("express-mysql-session store is closed"));
    }
    return result;
  }

  private <T> CompletionStage<T> inTransaction(String what, SqlTransaction<T> body) {
    return run(what, () -> {
      try (Connection c = dataSource.getConnection()) {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
          T result = body.call(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(autoCommit);
        }
      }
    });
  }

  private static String quote(String identifier) {
    return "`" + identifier + "`";
  }

  /** Builds an {@link ExpressMysqlSessionStore}; every option mirrors one of express-mysql-session's. */
  public static final class Builder {
    private DataSource dataSource;
    private String tableName = "sessions";
    private String idColumn = "session_id";
    private String expiresColumn = "expires";
    private String dataColumn = "data";
    private boolean createTable = true;
    private boolean clearExpired = true;
    private Duration checkExpirationInterval = Duration.ofMinutes(15);
    private ExpressCookieShape shape = ExpressCookieShape.defaults();
    private Clock clock = Clock.systemUTC();
    private int threads = 4;
    private PrincipalPath principalPath = PrincipalPath.PASSPORT;

    private Builder() {}

    /**
     * Where the documents name their user, for {@link #findByPrincipal}: a dotted path, default
     * {@code passport.user} (passport's).
     *
     * @throws IllegalArgumentException when it is not field names joined by dots
     */
    public Builder principalPath(String dotted) {
      this.principalPath = PrincipalPath.of(dotted);
      return this;
    }

    /** The MySQL or MariaDB database (a pool: the store borrows a connection per call). Required. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** {@code schema.tableName}, default {@code sessions}. */
    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    /** {@code schema.columnNames}: {@code session_id}, {@code expires}, {@code data} by default. */
    public Builder columnNames(String sessionId, String expires, String data) {
      this.idColumn = sessionId;
      this.expiresColumn = expires;
      this.dataColumn = data;
      return this;
    }

    /** {@code createDatabaseTable}, default true: create the table when it does not exist. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /** {@code clearExpired} and {@code checkExpirationInterval}: sweep expired rows this often (default on, 15 min). */
    public Builder clearExpired(boolean clearExpired, Duration checkExpirationInterval) {
      this.clearExpired = clearExpired;
      this.checkExpirationInterval = checkExpirationInterval;
      return this;
    }

    /** The cookie object written into sessions Java creates: the Node app's {@code cookie} options. */
    public Builder cookieShape(ExpressCookieShape shape) {
      this.shape = shape;
      return this;
    }

    /** The time source (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Threads running the blocking JDBC calls, default 4 (size the DataSource's pool to match). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * The store; creates the table when asked to.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     * @throws SessionStoreException when the table cannot be created
     */
    public ExpressMysqlSessionStore build() {
      Objects.requireNonNull(dataSource, "dataSource is required: the MySQL/MariaDB database express-mysql-session uses");
      for (String[] named : new String[][] {{"tableName", tableName}, {"columnNames.session_id", idColumn},
          {"columnNames.expires", expiresColumn}, {"columnNames.data", dataColumn}}) {
        if (named[1] == null || !IDENTIFIER.matcher(named[1]).matches()) {
          throw new IllegalArgumentException(named[0] + " '" + named[1]
              + "' is not a plain SQL identifier (letters, digits, _ and $, at most 64)");
        }
      }
      if (clearExpired && (checkExpirationInterval == null || checkExpirationInterval.toMillis() < 1)) {
        throw new IllegalArgumentException("checkExpirationInterval must be positive when clearExpired is on");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      Objects.requireNonNull(shape, "cookieShape");
      Objects.requireNonNull(clock, "clock");
      return new ExpressMysqlSessionStore(this);
    }
  }
}
