package io.sessions4j.conformance.stores;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Instant;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The kit finds the JDBC store factory with ServiceLoader, and it makes a working store from a URL alone. */
class JdbcStoreFactoryTest {

  private static StoreFactory jdbcFactory() {
    return ServiceLoader.load(StoreFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.kind().equals("jdbc")).findFirst().orElseThrow();
  }

  private static void assertWorks(String url, JdbcDialect dialect) throws Exception {
    try (SessionStore store = jdbcFactory().create(url)) {
      assertThat(((JdbcSessionStore) store).dialect()).isEqualTo(dialect);
      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      StoredSession s = new StoredSession(io.sessions4j.core.id.SessionIdGenerator.secureRandom().generate(), new byte[] {1, 2, 3}, now, now,
          now.plusSeconds(60), 1, null);
      assertThat(store.save(s, StoredSession.NEW).toCompletableFuture().get()).isTrue();
      assertThat(store.get(s.id()).toCompletableFuture().get()).contains(s);
      store.destroy(s.id()).toCompletableFuture().get();
    }
  }

  @Test
  void aJdbcFactoryIsRegisteredForTheKit() {
    assertThat(jdbcFactory()).isInstanceOf(JdbcStoreFactory.class);
  }

  @Test
  void makesAStoreOnH2FromTheUrlAlone() throws Exception {
    assertWorks("jdbc:h2:mem:" + "kitfactory" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", JdbcDialect.H2);
  }

  @Test
  void makesAStoreOnMariaDbFromTheUrlAlone() throws Exception {
    RealServers.JdbcServer server = RealServers.requireMariaDb();
    assertWorks(server.jdbcUrl() + "&user=" + server.username() + "&password=" + server.password(), JdbcDialect.MARIADB);
  }

  @Test
  void makesAStoreOnPostgresFromTheUrlAlone() throws Exception {
    RealServers.JdbcServer server = RealServers.requirePostgres();
    String separator = server.jdbcUrl().contains("?") ? "&" : "?";
    assertWorks(server.jdbcUrl() + separator + "user=" + server.username(), JdbcDialect.POSTGRESQL);
  }
}
