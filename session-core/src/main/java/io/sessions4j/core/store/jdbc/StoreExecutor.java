package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoreLifecycle;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Where the JDBC store's blocking work runs, and how: off the caller's thread (on the store's own
 * bounded pool of daemon threads, or the caller's executor), each unit of work on a connection of
 * its own, committed when the pool hands out manual-commit connections and rolled back on failure,
 * run again when the database aborted it as a deadlock victim, and failing as {@link
 * SessionStoreException}. Connection failures are reported to a pool that can recover faster
 * ({@link ConnectionFailures}).
 */
final class StoreExecutor {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());
  /** Operations queued beyond this many fail at once instead of piling up behind a slow database. */
  private static final int MAX_QUEUED_OPERATIONS = 10_000;
  /** How often one unit of work is retried after the database chose it as a deadlock victim. */
  private static final int DEADLOCK_RETRIES = 5;

  /** One unit of work on a borrowed connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Work that borrows connections itself (the sweep). */
  @FunctionalInterface
  interface SqlTask<T> {
    T run() throws SQLException;
  }

  private final DataSource dataSource;
  private final AutoCloseable ownedPool;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final StoreLifecycle lifecycle;
  private final String tableName;

  /**
   * @param executor the caller's executor, or null for the store's own pool of {@code threads}
   * @param ownedPool the pool the store created (told about connection failures), or null
   */
  StoreExecutor(DataSource dataSource, AutoCloseable ownedPool, Executor executor, int threads,
      String threadPrefix, StoreLifecycle lifecycle, String tableName) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.lifecycle = lifecycle;
    this.tableName = tableName;
    if (executor != null) {
      this.executor = executor;
      this.ownedExecutor = null;
    } else {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(MAX_QUEUED_OPERATIONS), daemonThreads(threadPrefix + "-"));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.ownedExecutor = pool;
    }
  }

  /** Runs one unit of {@code work} on the executor (again if it was a deadlock victim). */
  <T> CompletionStage<T> run(String operation, SqlWork<T> work) {
    return submit(operation, () -> withDeadlockRetry(work), () -> "the JDBC session store refused " + operation
        + (lifecycle.isClosed() ? ": it is closed" : ": " + MAX_QUEUED_OPERATIONS + " operations are already waiting"));
  }

  /** Runs {@code task} on the executor; its failures are reported like {@link #run}'s. */
  <T> CompletionStage<T> submit(String operation, SqlTask<T> task, java.util.function.Supplier<String> refused) {
    if (lifecycle.isClosed()) {
      return lifecycle.failedClosed();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(task.run());
        } catch (SQLException e) {
          result.completeExceptionally(failure(operation, e));
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new SessionStoreException(refused.get(), e));
    }
    return result;
  }

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
        LOG.log(Level.DEBUG, "JDBC session store: transaction aborted (SQLState " + state + "), retrying");
      }
    }
  }

  /** Borrows a connection for one unit of work, on the calling thread; commits it when the pool hands out manual-commit connections. */
  <T> T inConnection(SqlWork<T> work) throws SQLException {
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

  /** {@code operation} failed on the database. */
  SessionStoreException failure(String operation, SQLException e) {
    return StoreFailures.wrap(e, "JDBC session store: " + operation + " failed on " + tableName);
  }

  /** Stops the store's own executor (waiting for running work up to 10 s), then closes the pool the store created. */
  void shutdown() {
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

  static boolean awaitQuietly(ExecutorService service, Duration timeout) {
    try {
      return service.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }
}
