package io.sessions4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI against a JDBC store on the real MariaDB, and its JDBC-only {@code sweep}. */
class MariaDbAdminCliTest extends AdminCliContract {
  static final String TABLE = "sessions4j_admin_cli_test";
  RealServers.JdbcServer server;

  @Override
  void requireServer() {
    server = RealServers.requireMariaDb();
  }

  @Override
  SessionStore openAppStore() {
    return JdbcSessionStore.builder().jdbcUrl(server.jdbcUrl()).username(server.username())
        .password(server.password()).tableName(TABLE).build();
  }

  @Override
  List<String> storeOptions() {
    // the test server's password is empty; a real one comes from SESSIONS4J_JDBC_PASSWORD
    return List.of("--jdbc-url", server.jdbcUrl(), "--jdbc-user", server.username(), "--jdbc-table", TABLE);
  }

  @Test
  void sweepDeletesExpiredRows() {
    Instant past = Instant.now().minusSeconds(3600);
    StoreAdministration.of(appStore).set(new StoredSession("expired-session-id-0123456789", new byte[] {'{', '}'},
        past.minusSeconds(60), past.minusSeconds(60), past, 1, null)).toCompletableFuture().join();
    String live = logIn("ada");

    Result swept = cli("sweep");

    assertThat(swept.status()).as(swept.err()).isZero();
    assertThat(swept.out()).contains("deleted 1 expired session");
    request(live, s -> assertThat(s.get("user")).isEqualTo("ada"));
  }
}
