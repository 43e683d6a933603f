package io.sessions4j.core.store.jdbc;

import java.util.Locale;

/**
 * The SQL databases {@link JdbcSessionStore} speaks to. Each has its own DDL, its own upsert and
 * its own expiry sweep (held by its {@link SqlDialect}); everything else is plain SQL. Normally
 * detected from the connection's {@link java.sql.DatabaseMetaData#getDatabaseProductName() product
 * name}; set it explicitly with {@link JdbcSessionStore.Builder#dialect(JdbcDialect)} when a proxy
 * or wrapper hides it.
 */
public enum JdbcDialect {
  /**
   * MariaDB 10.6+ (InnoDB): upsert with {@code INSERT … ON DUPLICATE KEY UPDATE}, sweep by primary
   * key with {@code DELETE … RETURNING}. Ids are {@code ascii_bin} (case-sensitive, as ids are),
   * principals {@code utf8mb4_nopad_bin} (exact match, 4-byte UTF-8).
   */
  MARIADB(new MySqlFamilyDialect("utf8mb4_nopad_bin", true)),
  /**
   * MySQL 8.0+ (InnoDB): as {@link #MARIADB}, principals {@code utf8mb4_0900_bin}; MySQL has no
   * {@code DELETE … RETURNING}, so swept sessions are not reported to the expiry listener.
   */
  MYSQL(new MySqlFamilyDialect("utf8mb4_0900_bin", false)),
  /**
   * PostgreSQL 12+: upsert with {@code INSERT … ON CONFLICT (id) DO UPDATE}, sweep with {@code FOR
   * UPDATE SKIP LOCKED} so concurrent sweepers and live requests never wait on each other.
   */
  POSTGRESQL(new PostgresDialect()),
  /**
   * H2 2.x (also in MySQL compatibility mode): upsert with {@code MERGE INTO … KEY (id)}. For tests
   * and embedded use.
   */
  H2(new H2Dialect());

  /** This database's SQL and quirks. */
  final SqlDialect sql;

  JdbcDialect(SqlDialect sql) {
    this.sql = sql;
  }

  /**
   * The dialect for a database's product name and version ({@code DatabaseMetaData}
   * getDatabaseProductName / getDatabaseProductVersion), or null when it is none of these. MySQL's
   * driver calls a MariaDB server "MySQL"; its version string ({@code 10.11.9-MariaDB…}) tells.
   */
  public static JdbcDialect detect(String productName, String productVersion) {
    if (productName == null) {
      return null;
    }
    String p = productName.toLowerCase(Locale.ROOT);
    String v = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
    if (p.contains("mariadb") || p.contains("mysql") && v.contains("mariadb")) {
      return MARIADB;
    }
    if (p.contains("mysql")) {
      return MYSQL;
    }
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    return null;
  }
}
