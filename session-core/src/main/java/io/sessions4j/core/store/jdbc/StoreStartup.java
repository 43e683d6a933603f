package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What {@link JdbcSessionStore.Builder#build()} does: validates the options (each message names its
 * option), opens the store's own pool when given a JDBC URL (credentials never in a message), gets
 * the table ready ({@link TableSetup}), and starts the store; a pool it opened is closed again when
 * a later step fails.
 */
final class StoreStartup {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());

  private StoreStartup() {}

  static JdbcSessionStore start(JdbcSessionStore.Builder b) {
    validate(b);
    DataSource ds = b.dataSource;
    AutoCloseable owned = null;
    if (ds == null) {
      if (!HikariPools.available()) {
        throw invalid("jdbcUrl needs HikariCP on the class path (com.zaxxer:HikariCP) for the store's own pool; "
            + "add it, or pass your own pool with dataSource(...)");
      }
      try {
        ds = HikariPools.create(b.jdbcUrl, b.username, b.password, b.maximumPoolSize, "sessions4j-jdbc-" + b.tableName,
            b.connectionTimeout);
        owned = (AutoCloseable) ds;
      } catch (RuntimeException e) {
        throw new SessionStoreException("JDBC session store: cannot open a connection pool for jdbcUrl: "
            + new CredentialScrubber(b.jdbcUrl, b.password).rootCause(e));
      }
    }
    try {
      SessionTable table = new TableSetup(b.dialect, b.tableName, List.of(b.columns), b.createTable).prepare(ds);
      JdbcSessionStore store = new JdbcSessionStore(b, ds, owned, table);
      LOG.log(Level.INFO, () -> "JDBC session store on " + table.dialect + ", table " + b.tableName + ", "
          + (b.dataSource == null ? "own pool of " + b.maximumPoolSize : "caller's DataSource") + ", sweep "
          + (b.cleanupInterval == null || b.cleanupInterval.isZero() ? "off" : "every " + b.cleanupInterval));
      return store;
    } catch (RuntimeException e) {
      closeQuietly(owned);
      throw e;
    }
  }

  private static void validate(JdbcSessionStore.Builder b) {
    if ((b.dataSource == null) == (b.jdbcUrl == null)) {
      throw invalid("give exactly one of dataSource(...) (your pool, left open by close()) and jdbcUrl(...) "
          + "(a pool the store owns)");
    }
    if (b.dataSource != null && (b.username != null || b.password != null)) {
      throw invalid("username/password apply to jdbcUrl(...); configure credentials on your dataSource instead");
    }
    if (b.connectionTimeout == null || b.connectionTimeout.toMillis() < 250) {
      throw invalid("connectionTimeout must be at least 250 ms (HikariCP's minimum), was " + b.connectionTimeout);
    }
    if (b.maximumPoolSize < 1) {
      throw invalid("maximumPoolSize must be at least 1, was " + b.maximumPoolSize);
    }
    if (b.threads < 0) {
      throw invalid("threads must be positive (or 0 for the default), was " + b.threads);
    }
    if (b.executor != null && b.threads > 0) {
      throw invalid("threads sizes the store's own executor; it does not apply with executor(...)");
    }
    if (b.cleanupInterval != null && b.cleanupInterval.isNegative()) {
      throw invalid("cleanupInterval must be positive, or zero/null for no sweep, was " + b.cleanupInterval);
    }
    if (b.cleanupBatchSize < 1 || b.cleanupBatchSize > 10_000) {
      throw invalid("cleanupBatchSize must be between 1 and 10000, was " + b.cleanupBatchSize);
    }
    requireIdentifier(b.tableName, "tableName");
    Set<String> seen = new LinkedHashSet<>();
    for (Column c : Column.values()) {
      String name = b.columns[c.ordinal()];
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

  static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException("Invalid JDBC session store configuration: " + message);
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
