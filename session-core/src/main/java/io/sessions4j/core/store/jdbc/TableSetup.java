package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.ScrubbedException;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.jdbc.SessionTable.Column;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Gets the session table ready at start, on one connection: detects the dialect (unless one was
 * configured), learns how the database stores and quotes names, creates the table and its indexes
 * when asked (idempotently; several instances may race), checks that every configured column is
 * there — so a wrong name fails at start naming its option — and warns when the expiry column has
 * no index.
 */
final class TableSetup {
  private static final System.Logger LOG = System.getLogger(JdbcSessionStore.class.getName());

  private final JdbcDialect configuredDialect;
  private final String tableName;
  private final List<String> columns;
  private final boolean createTable;

  /** @param configuredDialect the dialect to use, or null to detect it */
  TableSetup(JdbcDialect configuredDialect, String tableName, List<String> columns, boolean createTable) {
    this.configuredDialect = configuredDialect;
    this.tableName = tableName;
    this.columns = List.copyOf(columns);
    this.createTable = createTable;
  }

  /**
   * @throws IllegalArgumentException when the dialect cannot be detected, or the table is missing or lacks a column
   * @throws SessionStoreException when the database fails otherwise
   */
  SessionTable prepare(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      JdbcDialect chosen = configuredDialect;
      if (chosen == null) {
        chosen = JdbcDialect.detect(meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
        if (chosen == null) {
          throw StoreStartup.invalid("dialect cannot be detected from the database product '"
              + meta.getDatabaseProductName() + "'; supported: MariaDB, MySQL, PostgreSQL, H2 (set dialect(...) if a "
              + "wrapper hides the product)");
        }
      }
      char caseRule = meta.storesUpperCaseIdentifiers() ? 'U' : meta.storesLowerCaseIdentifiers() ? 'L' : 'M';
      String quote = meta.getIdentifierQuoteString();
      if (quote == null || quote.isBlank()) {
        quote = chosen.sql.identifierQuote();
      }
      SessionTable table = new SessionTable(chosen, tableName, columns, caseRule, quote.trim());
      boolean manualCommit = !c.getAutoCommit();
      SQLException createFailure = createTable ? createTable(c, table, manualCommit) : null;
      checkColumns(c, table, manualCommit, createFailure);
      warnIfExpiryNotIndexed(meta, c, table);
      return table;
    } catch (SQLException e) {
      throw new SessionStoreException("JDBC session store: cannot prepare table " + tableName + ": SQLState "
          + e.getSQLState() + ", " + ScrubbedException.scrub(e.getMessage()), ScrubbedException.of(e));
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
        LOG.log(Level.DEBUG, () -> "creating " + tableName + " failed (" + ScrubbedException.scrub(e.getMessage())
            + "); checking the table");
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
            + createFailure.getSQLState() + ": " + ScrubbedException.scrub(createFailure.getMessage())
            + "); create it with the DDL in STORES.md, or grant the store's user CREATE",
            ScrubbedException.of(createFailure));
      }
      throw StoreStartup.invalid("table " + tableName + " (option tableName) does not exist or cannot be read "
          + "(SQLState " + e.getSQLState() + ": " + ScrubbedException.scrub(e.getMessage())
          + "); create it with the DDL in STORES.md, or "
          + "turn on createTable(true)");
    }
    if (manualCommit) {
      c.commit();
    }
    for (Column col : Column.values()) {
      String name = columns.get(col.ordinal());
      if (!present.contains(name.toLowerCase(Locale.ROOT))) {
        throw StoreStartup.invalid("table " + tableName + " has no column '" + name + "' (option " + col.option
            + "); its columns are " + present + ": set " + col.option + "(...) to the right name, or add the column");
      }
    }
  }

  private void warnIfExpiryNotIndexed(DatabaseMetaData meta, Connection c, SessionTable table) {
    String expires = columns.get(Column.EXPIRES_AT.ordinal());
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
}
