package io.sessions4j.core.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The store's own connection pool, on HikariCP. This is the only class that refers to HikariCP,
 * which is an optional dependency of session-core: the JVM loads this class (and so needs HikariCP)
 * only when a store is built with {@link JdbcSessionStore.Builder#jdbcUrl(String)}.
 */
final class HikariPools {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());
  private static final String HIKARI_CLASS = "com.zaxxer.hikari.HikariDataSource";
  /** How often the recovery probe tries the database while it is down. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
  /** How long a borrower waits on one pool before it looks whether the pool was replaced. */
  static final Duration BORROW_SLICE = Duration.ofMillis(100);

  private HikariPools() {}

  /** True when HikariCP is on the class path. */
  static boolean available() {
    try {
      Class.forName(HIKARI_CLASS, false, HikariPools.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * A started pool, which is also {@link AutoCloseable}; fails when the database cannot be reached
   * (HikariCP's fail-fast start). Typed as DataSource so callers never name a HikariCP class.
   */
  static DataSource create(String jdbcUrl, String username, String password, int maximumPoolSize,
      String poolName, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(username);
    config.setPassword(password);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(2, maximumPoolSize));
    config.setPoolName(poolName);
    config.setAutoCommit(true);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectionTimeout.toMillis(), 5_000));
    return new RecoveringPool(config);
  }

  /**
   * A HikariCP pool that is replaced by a fresh one once the database answers again after an
   * outage. HikariCP retries failed connection attempts with a back-off that grows to 5 s (not
   * configurable), so after an outage of a few seconds it may take it up to 5 s more to notice the
   * database is back. Here, the first connection failure starts one probe thread that opens a plain
   * driver connection every {@link #PROBE_INTERVAL}; when one succeeds and the pool has no
   * connection left, new borrowers get a new pool at once and the old pool is closed.
   */
  static final class RecoveringPool implements DataSource, AutoCloseable, ConnectionFailures {
    private final HikariConfig config;
    /** Masks the URL's parameters and the password in what failures to start a pool say. */
    private final CredentialScrubber credentials;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile HikariDataSource current;
    private volatile boolean closed;
    private int generation;

    RecoveringPool(HikariConfig config) {
      this.config = config;
      this.credentials = new CredentialScrubber(config.getJdbcUrl(), config.getPassword());
      this.current = new HikariDataSource(copy(config, 0));
    }

    private static HikariConfig copy(HikariConfig config, int generation) {
      HikariConfig c = new HikariConfig();
      config.copyStateTo(c);
      c.setPoolName(generation == 0 ? config.getPoolName() : config.getPoolName() + "-" + generation);
      return c;
    }

    /**
     * A connection, waiting at most {@code connectionTimeout} in all. The wait is taken in slices of
     * {@link #BORROW_SLICE}, so a borrower still waiting on the failed pool when it is replaced moves
     * to the fresh pool at once: HikariCP does not wake the borrowers of a pool it closes, and they
     * would wait out their whole {@code connectionTimeout} (found by the outage drills: the circuit
     * breaker's probe waited there, and the first success came up to 2 s after the database).
     */
    @Override
    public Connection getConnection() throws SQLException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getConnectionTimeout());
      HikariDataSource pool = current;
      while (true) {
        try {
          return borrow(pool, deadline);
        } catch (SQLException e) {
          HikariDataSource now = current;
          if (now != pool && !closed && deadline - System.nanoTime() > 0) {
            pool = now; // replaced while we waited: the database answers again
            continue;
          }
          if (isConnectionFailure(e)) {
            connectionFailed(pool);
          }
          throw e;
        }
      }
    }

    /** A connection of {@code pool}, waiting until {@code deadline} in slices; no longer once the pool is replaced. */
    private Connection borrow(HikariDataSource pool, long deadline) throws SQLException {
      if (!(pool.getHikariPoolMXBean() instanceof HikariPool slices)) {
        return pool.getConnection(); // not started, or a HikariCP without it: one wait of connectionTimeout
      }
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        try {
          return slices.getConnection(Math.max(1, Math.min(left, BORROW_SLICE.toMillis())));
        } catch (SQLTransientConnectionException timedOut) {
          if (pool != current || left <= BORROW_SLICE.toMillis()) {
            throw timedOut;
          }
        }
      }
    }

    @Override
    public void connectionFailed() {
      connectionFailed(current);
    }

    private void connectionFailed(HikariDataSource pool) {
      if (closed || pool != current || !probing.compareAndSet(false, true)) {
        return;
      }
      Thread probe = new Thread(() -> probe(pool), config.getPoolName() + "-recovery");
      probe.setDaemon(true);
      probe.start();
    }

    private void probe(HikariDataSource failed) {
      try {
        while (!closed && current == failed) {
          if (databaseAnswers()) {
            // only a pool that lost every connection is replaced: one that still has some (the
            // failure was something else, e.g. too many connections) keeps them, and HikariCP goes on
            if (hasNoConnections(failed) && replace(failed)) {
              failed.close(); // outside the lock: closing waits a little for borrowed connections
            }
            return;
          }
          Thread.sleep(PROBE_INTERVAL.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        probing.set(false);
      }
    }

    private static boolean hasNoConnections(HikariDataSource pool) {
      var pools = pool.getHikariPoolMXBean();
      return pools == null || pools.getTotalConnections() == 0;
    }

    private boolean databaseAnswers() {
      Properties props = new Properties();
      config.getDataSourceProperties().forEach(props::put);
      if (config.getUsername() != null) {
        props.setProperty("user", config.getUsername());
      }
      if (config.getPassword() != null) {
        props.setProperty("password", config.getPassword());
      }
      try {
        Driver driver = DriverManager.getDriver(config.getJdbcUrl());
        try (Connection c = driver.connect(config.getJdbcUrl(), props)) {
          return c != null && c.isValid(2);
        }
      } catch (SQLException | RuntimeException e) {
        return false;
      }
    }

    private synchronized boolean replace(HikariDataSource failed) {
      if (closed || current != failed) {
        return false;
      }
      HikariDataSource fresh;
      try {
        fresh = new HikariDataSource(copy(config, ++generation));
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "JDBC session store: new pool could not start yet: " + credentials.rootCause(e));
        return false;
      }
      current = fresh;
      LOG.log(Level.INFO, "JDBC session store: the database answers again; replaced the connection pool "
          + "(HikariCP's own reconnect back-off can wait up to 5 s)");
      return true;
    }

    private static boolean isConnectionFailure(SQLException e) {
      String state = e.getSQLState();
      return e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"));
    }

    @Override
    public synchronized void close() {
      closed = true;
      current.close();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the store's own pool has fixed credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return current.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      current.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      current.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return current.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return current.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      return current.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(this) || current.isWrapperFor(iface);
    }
  }
}
