package io.sessions4j.conformance.stores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Makes the store behind the kit's {@code node-express-mysql} profile: express-mysql-session's
 * default {@code sessions} table on {@code SESSIONS4J_JDBC_URL} (kind {@code
 * "express-mysql-session"}; MySQL and MariaDB URLs only, credentials in the URL), where an Express
 * app with express-session and express-mysql-session's defaults shares its sessions. Closing the
 * store closes the pool made here.
 */
public final class ExpressMysqlStoreFactory implements StoreFactory {

  @Override
  public String kind() {
    return "express-mysql-session";
  }

  @Override
  public boolean supports(String url) {
    return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
  }

  @Override
  public SessionStore create(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    config.setPoolName("sessions4j-kit-express-mysql");
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new PoolClosingStore(ExpressMysqlSessionStore.builder().dataSource(pool).build(), pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The store, closing the pool it runs on when it is closed. */
  private record PoolClosingStore(ExpressMysqlSessionStore store, HikariDataSource pool) implements SessionStore {
    @Override
    public CompletionStage<Optional<StoredSession>> get(String id) {
      return store.get(id);
    }

    @Override
    public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
      return store.save(session, expectedVersion);
    }

    @Override
    public CompletionStage<Long> update(SessionPatch patch) {
      return store.update(patch);
    }

    @Override
    public CompletionStage<Optional<StoredSession>> take(String id) {
      return store.take(id);
    }

    @Override
    public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
      return store.touch(id, accessedAt, expiresAt);
    }

    @Override
    public CompletionStage<Void> destroy(String id) {
      return store.destroy(id);
    }

    @Override
    public void close() {
      store.close();
      pool.close();
    }
  }
}
