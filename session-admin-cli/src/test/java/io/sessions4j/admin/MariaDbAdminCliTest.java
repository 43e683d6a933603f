package io.sessions4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The CLI against a JDBC store on the real MariaDB, and its JDBC-only {@code sweep}. */
class MariaDbAdminCliTest extends JdbcAdminCliContract {
  @Override
  RealServers.JdbcServer requireDatabase() {
    return RealServers.requireMariaDb();
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
