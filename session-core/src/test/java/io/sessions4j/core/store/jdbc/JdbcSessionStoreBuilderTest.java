package io.sessions4j.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcSessionStoreBuilderTest {

  private static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Test
  void eitherADataSourceOrAJdbcUrlIsRequiredButNotBoth() {
    assertThatThrownBy(() -> JdbcSessionStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataSource").hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("both")).jdbcUrl("jdbc:h2:mem:x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
  }

  @Test
  void invalidOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("opts")).cleanupInterval(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("cleanupInterval");
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("opts")).cleanupBatchSize(0).build())
        .hasMessageContaining("cleanupBatchSize");
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("opts")).expiresAtColumn("expires at").build())
        .hasMessageContaining("expiresAtColumn").hasMessageContaining("'expires at'");
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("opts")).tableName("t".repeat(64)).build())
        .hasMessageContaining("tableName");
    assertThatThrownBy(() -> JdbcSessionStore.builder().dataSource(h2("opts")).username("sa").build())
        .hasMessageContaining("username");
    assertThatThrownBy(() -> JdbcSessionStore.builder().jdbcUrl("jdbc:h2:mem:opts").connectionTimeout(Duration.ofMillis(100)).build())
        .hasMessageContaining("connectionTimeout must be at least 250 ms");
  }

  @Test
  void anUnreachableDatabaseFailsAtStartWithoutLeakingThePassword() {
    assertThatThrownBy(() -> JdbcSessionStore.builder()
        .jdbcUrl("jdbc:h2:tcp://127.0.0.1:1/none").username("u").password("hunter2").build())
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("jdbcUrl")
        .hasMessageContaining("Connection refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void ownPoolFromAJdbcUrlWorksAndItsThreadsStopOnClose() throws Exception {
    JdbcSessionStore store = JdbcSessionStore.builder().jdbcUrl("jdbc:h2:mem:ownpool;DB_CLOSE_DELAY=-1")
        .username("sa").password("").tableName("own_pool").build();
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    StoredSession s = new StoredSession("0123456789abcdef", new byte[] {1, 2}, now, now, now.plusSeconds(60), 1, null);

    store.set(s).toCompletableFuture().get();
    assertThat(store.get(s.id()).toCompletableFuture().get()).contains(s);
    assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
    store.close();

    assertThatThrownBy(() -> store.get(s.id()).toCompletableFuture().get()).hasCauseInstanceOf(SessionStoreException.class);
  }
}
