package io.sessions4j.conformance.stores.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JDBC store's own pool after an outage, on a private PostgreSQL killed and started again.
 * HikariCP alone backs off up to 5 s between connection attempts (not configurable), so after an
 * outage of several seconds it notices the database is back only up to 5 s later; the store's pool
 * probes the database itself and swaps in a fresh pool as soon as it answers. And a call already
 * waiting for a connection of the old pool when that happens moves to the fresh one (HikariCP does
 * not wake the borrowers of a pool it closes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnPoolRecoveryTest {
  private PrivateServer.Postgres db;

  @BeforeAll
  void startServer() {
    db = PrivateServer.postgres();
    db.start();
  }

  @AfterAll
  void stopServer() {
    if (db != null) {
      db.close();
    }
  }

  static StoredSession session(String id) {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    return new StoredSession(id, new byte[] {7}, now, now, now.plusSeconds(600), 1, null);
  }

  /** Down 7 s while requests keep coming, so that HikariCP's back-off reaches its cap. */
  @Test
  void answersSoonAfterTheDatabaseIsBackEvenAfterHikarisBackOffGrew() throws Exception {
    try (JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).tableName("recovery")
        .maximumPoolSize(2).connectionTimeout(Duration.ofMillis(500)).cleanupInterval(null).build()) {
      StoredSession s = session("0123456789abcdef-recovery");
      store.set(s).toCompletableFuture().get(5, TimeUnit.SECONDS);

      db.kill();
      long downUntil = System.nanoTime() + Duration.ofSeconds(7).toNanos();
      while (System.nanoTime() < downUntil) {
        try {
          store.get(s.id()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception expected) {
          // the database is down
        }
        Thread.sleep(100);
      }
      db.start(); // returns once the database answers queries
      long up = System.nanoTime();
      Duration back = null;
      Exception last = null;
      while (back == null && System.nanoTime() - up < Duration.ofSeconds(20).toNanos()) {
        try {
          assertThat(store.get(s.id()).toCompletableFuture().get(5, TimeUnit.SECONDS)).isPresent();
          back = Duration.ofNanos(System.nanoTime() - up);
        } catch (Exception notYet) {
          last = notYet;
          Thread.sleep(20);
        }
      }
      System.out.println("OUTAGE OwnPoolRecoveryTest: the store answered "
          + (back == null ? "never" : back.toMillis() + " ms") + " after PostgreSQL was back (down 7 s)");
      assertThat(back).as("time until the store answered after the database was back (last failure: %s)", last)
          .isNotNull().isLessThan(Duration.ofMillis(2000));
    }
  }

  /**
   * The call the store's circuit breaker lets through to probe the database is often one waiting on
   * the old pool when the database returns: it must not wait out its {@code connectionTimeout} there
   * (the first success after an outage came up to 2.5 s after the database before this was fixed).
   */
  @Test
  void aCallWaitingForAConnectionWhenTheDatabaseReturnsGetsOneOfTheFreshPool() throws Exception {
    Duration connectionTimeout = Duration.ofSeconds(5); // the waiting call must outlast the restart
    try (JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).tableName("waiting")
        .maximumPoolSize(2).connectionTimeout(connectionTimeout).cleanupInterval(null).build()) {
      StoredSession s = session("0123456789abcdef-waiting");
      store.set(s).toCompletableFuture().get(5, TimeUnit.SECONDS);

      db.kill();
      // until a call fails (on a broken connection, or after connectionTimeout): the store's pool
      // has noticed and probes the database, and HikariCP's own reconnect attempts back off
      boolean failed = false;
      for (int i = 0; i < 10 && !failed; i++) {
        try {
          store.get(s.id()).toCompletableFuture().get(connectionTimeout.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
          failed = true;
        }
      }
      assertThat(failed).as("a call failed while the database was down").isTrue();

      CompletableFuture<Optional<StoredSession>> waiting = store.get(s.id()).toCompletableFuture();
      db.start(); // returns once the database answers queries
      long up = System.nanoTime();
      Optional<StoredSession> found = null;
      Throwable failure = null;
      try {
        found = waiting.get(connectionTimeout.toSeconds() + 5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      System.out.println("OUTAGE OwnPoolRecoveryTest: the call waiting for a connection when PostgreSQL came back "
          + (failure == null ? "answered" : "failed") + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - up)
          + " ms after it (connectionTimeout " + connectionTimeout + ")");
      assertThat(failure).as("the waiting call's failure").isNull();
      assertThat(found).as("the waiting call's answer").isPresent();
    }
  }
}
