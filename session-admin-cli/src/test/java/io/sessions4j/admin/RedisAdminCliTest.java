package io.sessions4j.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.RedisSessionStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI against the Redis store on the real Redis. */
class RedisAdminCliTest extends AdminCliContract {
  static final String PREFIX = "sessions4j-admin-cli-test:";
  RealServers.RedisServer server;

  @Override
  void requireServer() {
    server = RealServers.requireRedis();
  }

  @Override
  SessionStore openAppStore() {
    return RedisSessionStore.builder().uri(server.uri()).keyPrefix(PREFIX).build();
  }

  @Override
  List<String> storeOptions() {
    return List.of("--redis-uri", server.uri(), "--redis-key-prefix", PREFIX);
  }

  @Test
  void sweepIsForJdbcStoresOnly() {
    Result result = cli("sweep");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("sweep is for JDBC stores");
  }
}
