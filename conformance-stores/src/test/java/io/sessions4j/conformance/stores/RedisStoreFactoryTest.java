package io.sessions4j.conformance.stores;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.harness.StoreFactory;
import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.time.Instant;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The kit finds the Redis store factory and it makes a working store from a URI alone. */
class RedisStoreFactoryTest {

  @Test
  void makesAStoreOnRedisFromTheUriAlone() throws Exception {
    String uri = RealServers.requireRedis().uri();
    StoreFactory factory = ServiceLoader.load(StoreFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.kind().equals("redis")).findFirst().orElseThrow();
    try (SessionStore store = factory.create(uri)) {
      Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
      StoredSession s = new StoredSession(io.sessions4j.core.id.SessionIdGenerator.secureRandom().generate(), new byte[] {1, 2, 3}, now, now,
          now.plusSeconds(60), 1, null);
      assertThat(store.save(s, StoredSession.NEW).toCompletableFuture().get()).isTrue();
      assertThat(store.get(s.id()).toCompletableFuture().get()).contains(s);
      store.destroy(s.id()).toCompletableFuture().get();
    }
  }
}
