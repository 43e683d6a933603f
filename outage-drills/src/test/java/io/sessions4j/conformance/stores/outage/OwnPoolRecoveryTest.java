package io.sessions4j.conformance.stores.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDBC store's own pool after a long outage. HikariCP alone backs off up to 5 s between
 * connection attempts (not configurable), so after an outage of several seconds it notices the
 * database is back only up to 5 s later. The store's pool probes the database itself and swaps in a
 * fresh pool as soon as it answers. A private PostgreSQL is killed, kept down 7 s while requests keep
 * coming (so HikariCP's back-off reaches its cap), and started again.
 */
class OwnPoolRecoveryTest {

  @Test
  void answersSoonAfterTheDatabaseIsBackEvenAfterHikarisBackOffGrew() throws Exception {
    try (PrivateServer.Postgres db = PrivateServer.postgres()) {
      db.start();
      try (JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl(db.jdbcUrl()).tableName("recovery")
          .maximumPoolSize(2).connectionTimeout(Duration.ofMillis(500)).cleanupInterval(null).build()) {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        StoredSession s = new StoredSession("0123456789abcdef-recovery", new byte[] {7}, now, now,
            now.plusSeconds(600), 1, null);
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
  }
}
