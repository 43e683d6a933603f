package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoreLifecycle;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the session table's expired rows, in small batches, each its own short unit of work, and
 * tells the expiry listener which sessions it deleted (where the database can say). It runs on its
 * own daemon thread every {@code cleanupInterval} (instances started together spread their first
 * sweeps over the interval), and on demand through {@link JdbcSessionStore#sweepExpired()}.
 *
 * <p>Its dialect picks how a batch goes: in one statement that skips rows others hold (PostgreSQL),
 * or by reading candidates without locking and deleting them by primary key in id order,
 * re-checking the expiry under the row lock. Either way sweepers and live requests never form a
 * lock cycle, and a session touched since it was found is kept.
 */
final class ExpirySweeper {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());
  /** Most batches one sweep deletes before yielding until the next interval. */
  private static final int MAX_BATCHES_PER_SWEEP = 10_000;

  private final SessionTable table;
  private final StoreExecutor executor;
  private final Clock clock;
  private final int batchSize;
  private final ExpiryNotifier expiry;
  private final StoreLifecycle lifecycle;
  private final ScheduledThreadPoolExecutor schedule;

  /** @param interval how often to sweep on the sweeper's own thread; null or zero for on demand only */
  ExpirySweeper(SessionTable table, StoreExecutor executor, Clock clock, int batchSize, ExpiryNotifier expiry,
      StoreLifecycle lifecycle, Duration interval, String threadName) {
    this.table = table;
    this.executor = executor;
    this.clock = clock;
    this.batchSize = batchSize;
    this.expiry = expiry;
    this.lifecycle = lifecycle;
    if (interval != null && !interval.isZero()) {
      this.schedule = new ScheduledThreadPoolExecutor(1, StoreExecutor.daemonThreads(threadName));
      this.schedule.setRemoveOnCancelPolicy(true);
      long millis = Math.max(1, interval.toMillis());
      // instances started together spread their sweeps over the interval
      long firstDelay = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
      this.schedule.scheduleWithFixedDelay(this::scheduledSweep, firstDelay, millis, TimeUnit.MILLISECONDS);
    } else {
      this.schedule = null;
    }
  }

  /** Sweeps now on the store's executor; completes with how many rows this call deleted. */
  CompletionStage<Long> sweepNow() {
    return executor.submit("sweep", this::sweep, () -> "the JDBC session store refused the sweep");
  }

  /** Stops the periodic sweep, waiting up to 10 s for one in progress. */
  void stop() {
    if (schedule != null) {
      schedule.shutdownNow();
      StoreExecutor.awaitQuietly(schedule, Duration.ofSeconds(10));
    }
  }

  private void scheduledSweep() {
    if (lifecycle.isClosed()) {
      return;
    }
    try {
      long deleted = sweep();
      if (deleted > 0) {
        LOG.log(Level.DEBUG, () -> "swept " + deleted + " expired sessions from " + table.tableName);
      }
    } catch (SQLException | RuntimeException e) {
      // the next interval tries again; a database outage must not kill the sweeper thread
      LOG.log(Level.WARNING, "sweeping expired sessions from " + table.tableName + " failed; retrying at the next "
          + "interval: " + StoreFailures.describe(e));
    }
  }

  private long sweep() throws SQLException {
    long now = clock.millis();
    long total = 0;
    boolean oneStatement = table.dialect.sql.sweepsInOneStatement();
    for (int batch = 0; batch < MAX_BATCHES_PER_SWEEP && !lifecycle.isClosed(); batch++) {
      int[] candidatesAndDeleted = oneStatement ? sweepBatchSkippingLocked(now) : sweepBatchByKey(now);
      total += candidatesAndDeleted[1];
      if (candidatesAndDeleted[0] < batchSize) {
        break;
      }
    }
    return total;
  }

  /** One statement: lock up to a batch of expired rows, skipping rows others hold, and delete them. */
  private int[] sweepBatchSkippingLocked(long now) throws SQLException {
    List<String> deleted = executor.inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepBatch)) {
        ps.setLong(1, now);
        ps.setInt(2, batchSize);
        ps.setLong(3, now);
        return ids(ps.executeQuery());
      }
    });
    expiry.expired(deleted);
    return new int[] {deleted.size(), deleted.size()};
  }

  /**
   * Reads a batch of expired ids without locking, then deletes them by primary key in id order,
   * re-checking the expiry. Row locks are taken one key at a time in one order, so sweepers wait for
   * each other at worst and never form a cycle with a live request, which locks one row.
   */
  private int[] sweepBatchByKey(long now) throws SQLException {
    List<String> candidates = executor.inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepCandidates)) {
        ps.setLong(1, now);
        ps.setInt(2, batchSize);
        return ids(ps.executeQuery());
      }
    });
    if (candidates.isEmpty()) {
      return new int[] {0, 0};
    }
    Collections.sort(candidates);
    List<String> deleted = new ArrayList<>();
    int count = executor.inConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(table.sweepDelete(candidates.size()))) {
        int i = 1;
        for (String id : candidates) {
          ps.setString(i++, id);
        }
        ps.setLong(i, now);
        if (ps.execute()) {
          deleted.addAll(ids(ps.getResultSet()));
          return deleted.size();
        }
        return ps.getUpdateCount();
      }
    });
    expiry.expired(deleted);
    return new int[] {candidates.size(), count};
  }

  /** The first column of every row, then closes the result set. */
  private static List<String> ids(ResultSet results) throws SQLException {
    try (ResultSet rs = results) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }
}
