package io.sessions4j.conformance.stores;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Duration;

/**
 * Makes the JDBC store behind the kit's {@code store-jdbc} profile from {@code SESSIONS4J_JDBC_URL}
 * (kind {@code "jdbc"}, registered for {@link java.util.ServiceLoader}). The store opens its own
 * pool on the URL, so credentials go in the URL: {@code
 * jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable}, {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}, {@code jdbc:h2:mem:kit;DB_CLOSE_DELAY=-1}.
 * The table is {@code sessions4j_kit_sessions} (or {@code SESSIONS4J_JDBC_TABLE}), created if missing;
 * concurrent runs may share it, since every session has its own random id.
 */
public final class JdbcStoreFactory implements StoreFactory {
  /** Overrides the table name. */
  public static final String TABLE_ENV = "SESSIONS4J_JDBC_TABLE";
  private static final String DEFAULT_TABLE = "sessions4j_kit_sessions";

  @Override
  public String kind() {
    return "jdbc";
  }

  @Override
  public SessionStore create(String url) {
    String table = System.getenv(TABLE_ENV);
    return JdbcSessionStore.builder()
        .jdbcUrl(url)
        .tableName(table == null || table.isBlank() ? DEFAULT_TABLE : table)
        .maximumPoolSize(4)
        .cleanupInterval(Duration.ofMinutes(1))
        .build();
  }
}
