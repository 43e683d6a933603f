package io.sessions4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.RedisURI;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same behaviour on a three-primary Redis Cluster the test starts for itself: sessions and
 * principal indexes land in different slots on different nodes, and every script must still run.
 */
class ClusterRedisStoreTest extends RedisStoreBehaviour {
  private static PrivateRedis cluster;
  private static RedisClusterClient adminClient;
  private static StatefulRedisClusterConnection<String, String> adminConnection;

  @BeforeAll
  static void startCluster() {
    cluster = PrivateRedis.cluster();
    adminClient = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
    adminConnection = adminClient.connect();
  }

  @AfterAll
  static void stopCluster() {
    if (adminClient != null) {
      adminConnection.close();
      adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected RedisSessionStore newStore(String prefix) {
    return newStoreWithGrace(prefix, Duration.ZERO);
  }

  @Override
  protected RedisSessionStore newStoreWithGrace(String prefix, Duration grace) {
    return RedisSessionStore.builder().uris(cluster.uris()).cluster(true).keyPrefix(prefix)
        .indexPruneGrace(grace).build();
  }

  @Override
  protected RedisClusterCommands<String, String> admin() {
    return adminConnection.sync();
  }

  @Test
  void storeKnowsItTalksToACluster() {
    assertThat(store.isCluster()).isTrue();
  }

  @Test
  void sessionsSpreadOverSlotsAndAllStillFindsEveryOne() throws Exception {
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      StoredSession s = record(newId(), "{}", Duration.ofMinutes(5), 1, "spread");
      join(store.save(s, StoredSession.NEW));
      slots.add(SlotHash.getSlot(prefix + "s:{" + s.id() + "}"));
    }

    assertThat(slots).hasSizeGreaterThan(1);
    assertThat(join(store.length())).isEqualTo(30);
    assertThat(join(store.all())).hasSize(30);
    assertThat(join(store.findByPrincipal("spread"))).hasSize(30);
  }

  @Test
  void principalIndexMayLiveInAnotherSlotThanTheSession() {
    String id = "0123456789abcdefABCD";
    int sessionSlot = SlotHash.getSlot(prefix + "s:{" + id + "}");
    int indexSlot = SlotHash.getSlot(prefix + "p:{someone}");
    assertThat(SlotHash.getSlot(id)).isEqualTo(sessionSlot);
    assertThat(List.of(sessionSlot, indexSlot)).doesNotHaveDuplicates();
  }
}
