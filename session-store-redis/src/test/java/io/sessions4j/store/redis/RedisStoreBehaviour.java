package io.sessions4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis store guarantees, checked the same way on standalone Redis and on Redis Cluster.
 * Each test class run uses its own key prefix and clears it afterwards.
 */
abstract class RedisStoreBehaviour {
  protected RedisSessionStore store;
  protected String prefix;

  /** A store on the server under test, writing under {@code prefix}, with no index prune grace. */
  protected abstract RedisSessionStore newStore(String prefix);

  /** A plain text connection to the same server, to look at keys directly. */
  protected abstract RedisClusterCommands<String, String> admin();

  @BeforeEach
  void openStore() {
    prefix = LocalRedis.uniquePrefix(getClass()) + UUID.randomUUID() + ":";
    store = newStore(prefix);
  }

  @AfterEach
  void clearAndClose() throws Exception {
    if (store != null) {
      join(store.clear());
      store.close();
    }
  }

  // ---- S1 / S2: get, save, set ------------------------------------------------------------------

  @Test
  void getOfMissingIdIsEmptyNotAnError() throws Exception {
    assertThat(join(store.get(newId()))).isEmpty();
  }

  @Test
  void newRecordRoundTripsExactlyIncludingFourByteUtf8AndValuesOver64KiB() throws Exception {
    String big = "x".repeat(70_000) + "😀𝄞 ünïcödé";
    StoredSession record = record(newId(), big, Duration.ofMinutes(5), 1, "alice😀");

    assertThat(join(store.save(record, StoredSession.NEW))).isTrue();

    StoredSession read = join(store.get(record.id())).orElseThrow();
    assertThat(read).isEqualTo(record);
    assertThat(new String(read.data(), StandardCharsets.UTF_8)).isEqualTo(big);
  }

  @Test
  void sessionIsOneHashUnderTheIdHashTagWithATtlMatchingItsExpiry() throws Exception {
    StoredSession record = record(newId(), "{}", Duration.ofMinutes(10), 1, null);
    join(store.save(record, StoredSession.NEW));

    String key = prefix + "s:{" + record.id() + "}";
    assertThat(admin().type(key)).isEqualTo("hash");
    assertThat(admin().hgetall(key)).containsKeys("d", "c", "a", "e", "v", "f");
    long pttl = admin().pttl(key);
    assertThat(pttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
  }

  @Test
  void saveAsNewIsRefusedWhenTheIdExists() throws Exception {
    StoredSession first = record(newId(), "{\"a\":1}", Duration.ofMinutes(5), 1, null);
    join(store.save(first, StoredSession.NEW));

    StoredSession second = record(first.id(), "{\"a\":2}", Duration.ofMinutes(5), 1, null);
    assertThat(join(store.save(second, StoredSession.NEW))).isFalse();
    assertThat(join(store.get(first.id())).orElseThrow().data()).isEqualTo(first.data());
  }

  @Test
  void saveWithTheStoredVersionWritesAndWithAStaleVersionIsRefused() throws Exception {
    String id = newId();
    join(store.save(record(id, "{\"v\":1}", Duration.ofMinutes(5), 1, null), StoredSession.NEW));
    StoredSession v2 = record(id, "{\"v\":2}", Duration.ofMinutes(5), 2, null);
    assertThat(join(store.save(v2, 1))).isTrue();

    StoredSession staleWriter = record(id, "{\"v\":\"stale\"}", Duration.ofMinutes(5), 2, null);
    assertThat(join(store.save(staleWriter, 1))).isFalse();
    assertThat(join(store.get(id)).orElseThrow()).isEqualTo(v2);
  }

  @Test
  void saveOfADestroyedRecordIsRefusedAndDoesNotBringItBack() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMinutes(5), 1, "bob"), StoredSession.NEW));
    join(store.destroy(id));

    assertThat(join(store.save(record(id, "{\"late\":true}", Duration.ofMinutes(5), 2, "bob"), 1))).isFalse();

    assertThat(join(store.get(id))).isEmpty();
    assertThat(admin().exists(prefix + "s:{" + id + "}")).isZero();
    assertThat(join(store.findByPrincipal("bob"))).isEmpty();
  }

  @Test
  void setCreatesAndOverwritesWhateverVersionIsStored() throws Exception {
    String id = newId();
    StoredSession created = record(id, "{\"n\":1}", Duration.ofMinutes(5), 7, null);
    join(store.set(created));
    assertThat(join(store.get(id))).contains(created);

    StoredSession overwritten = record(id, "{\"n\":2}", Duration.ofMinutes(5), 3, null);
    join(store.set(overwritten));
    assertThat(join(store.get(id))).contains(overwritten);
  }

  // ---- S1 / S6: expiry ----------------------------------------------------------------------------

  @Test
  void recordSavedWithAnExpiryInThePastIsNeverReturnedNorKept() throws Exception {
    String id = newId();
    StoredSession expired = record(id, "{}", Duration.ofSeconds(-1), 1, null);

    join(store.save(expired, StoredSession.NEW));

    assertThat(join(store.get(id))).isEmpty();
    assertThat(admin().exists(prefix + "s:{" + id + "}")).isZero();
  }

  @Test
  void redisExpiresTheKeyItselfWhenItsTimeComes() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMillis(150), 1, null), StoredSession.NEW));

    String key = prefix + "s:{" + id + "}";
    // EXISTS does not count as reading the session; Redis expires the key on its own
    assertThat(pollUntil(Duration.ofSeconds(10), () -> admin().exists(key) == 0)).isTrue();
    assertThat(join(store.get(id))).isEmpty();
  }

  // ---- S3: touch ----------------------------------------------------------------------------------

  @Test
  void touchMovesOnlyAccessTimeAndExpiry() throws Exception {
    String id = newId();
    StoredSession original = record(id, "{\"keep\":true}", Duration.ofMinutes(1), 4, null);
    join(store.set(original));
    Instant accessed = original.lastAccessedAt().plusSeconds(30);
    Instant expires = original.expiresAt().plus(Duration.ofHours(1));

    assertThat(join(store.touch(id, accessed, expires))).isTrue();

    StoredSession touched = join(store.get(id)).orElseThrow();
    assertThat(touched).isEqualTo(original.touched(accessed, expires));
    assertThat(admin().pttl(prefix + "s:{" + id + "}")).isGreaterThan(Duration.ofMinutes(59).toMillis());
  }

  @Test
  void touchNeverCreatesARecord() throws Exception {
    String id = newId();
    Instant now = Instant.now();

    assertThat(join(store.touch(id, now, now.plusSeconds(60)))).isFalse();

    assertThat(join(store.get(id))).isEmpty();
    assertThat(admin().exists(prefix + "s:{" + id + "}")).isZero();
  }

  @Test
  void touchOfADestroyedRecordDoesNotBringItBack() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMinutes(1), 1, null), StoredSession.NEW));
    join(store.destroy(id));

    Instant now = Instant.now();
    assertThat(join(store.touch(id, now, now.plusSeconds(60)))).isFalse();
    assertThat(admin().exists(prefix + "s:{" + id + "}")).isZero();
  }

  // ---- S4: destroy --------------------------------------------------------------------------------

  @Test
  void destroyRemovesTheRecordAndDestroyOfAMissingIdIsNotAnError() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMinutes(1), 1, null), StoredSession.NEW));

    join(store.destroy(id));
    join(store.destroy(id));
    join(store.destroy(newId()));

    assertThat(join(store.get(id))).isEmpty();
  }

  // ---- S5: length, all, clear ---------------------------------------------------------------------

  @Test
  void lengthAndAllCountOnlyLiveRecordsOfThisStore() throws Exception {
    StoredSession a = record(newId(), "{\"a\":1}", Duration.ofMinutes(5), 1, null);
    StoredSession b = record(newId(), "{\"b\":1}", Duration.ofMinutes(5), 1, "carol");
    join(store.save(a, StoredSession.NEW));
    join(store.save(b, StoredSession.NEW));
    join(store.save(record(newId(), "{}", Duration.ofSeconds(-5), 1, null), StoredSession.NEW));
    try (RedisSessionStore other = newStore(prefix + "other:")) {
      join(other.save(record(newId(), "{}", Duration.ofMinutes(5), 1, null), StoredSession.NEW));

      assertThat(join(store.length())).isEqualTo(2);
      assertThat(join(store.all())).containsExactlyInAnyOrder(a, b);
    }
  }

  @Test
  void clearRemovesEveryKeyUnderThePrefixAndNothingElse() throws Exception {
    join(store.save(record(newId(), "{}", Duration.ofMinutes(5), 1, "dave"), StoredSession.NEW));
    join(store.save(record(newId(), "{}", Duration.ofMinutes(5), 1, null), StoredSession.NEW));
    String neighbour = prefix.substring(0, prefix.length() - 1) + "-neighbour:{x}";
    admin().set(neighbour, "untouched");
    try {
      join(store.clear());

      assertThat(join(store.length())).isZero();
      assertThat(join(store.findByPrincipal("dave"))).isEmpty();
      assertThat(admin().exists(prefix + "p:{dave}")).isZero();
      assertThat(admin().get(neighbour)).isEqualTo("untouched");
    } finally {
      admin().del(neighbour);
    }
  }

  // ---- S8: corrupt records ------------------------------------------------------------------------

  @Test
  void corruptRecordIsReportedByGetAndSkippedByAll() throws Exception {
    String id = newId();
    admin().hset(prefix + "s:{" + id + "}", Map.of("d", "{}", "v", "not-a-number"));
    admin().expire(prefix + "s:{" + id + "}", 60);
    StoredSession good = record(newId(), "{}", Duration.ofMinutes(5), 1, null);
    join(store.save(good, StoredSession.NEW));

    assertThatThrownBy(() -> join(store.get(id)))
        .hasCauseInstanceOf(SessionStoreException.class)
        .hasMessageContaining("not a readable record")
        .hasMessageNotContaining(id);
    assertThat(join(store.all())).containsExactly(good);
  }

  @Test
  void recordOfANewerFormatIsReportedNotMisread() throws Exception {
    String id = newId();
    String key = prefix + "s:{" + id + "}";
    long now = System.currentTimeMillis();
    admin().hset(key, Map.of("d", "{}", "c", "" + now, "a", "" + now, "e", "" + (now + 60_000), "v", "1", "f", "2"));
    admin().expire(key, 60);

    assertThatThrownBy(() -> join(store.get(id))).hasMessageContaining("format 2 is newer");
  }

  // ---- principal index ----------------------------------------------------------------------------

  @Test
  void findByPrincipalListsTheLiveSessionsOfThatPrincipalOnly() throws Exception {
    StoredSession e1 = record(newId(), "{}", Duration.ofMinutes(5), 1, "erin");
    StoredSession e2 = record(newId(), "{}", Duration.ofMinutes(5), 1, "erin");
    StoredSession f1 = record(newId(), "{}", Duration.ofMinutes(5), 1, "frank");
    for (StoredSession s : List.of(e1, e2, f1)) {
      join(store.save(s, StoredSession.NEW));
    }

    assertThat(join(store.findByPrincipal("erin"))).containsExactlyInAnyOrder(e1, e2);
    assertThat(join(store.findByPrincipal("frank"))).containsExactly(f1);
    assertThat(join(store.findByPrincipal("nobody"))).isEmpty();
  }

  @Test
  void sessionWhosePrincipalChangesMovesToTheNewPrincipalsIndex() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMinutes(5), 1, "gina"), StoredSession.NEW));
    StoredSession switched = record(id, "{}", Duration.ofMinutes(5), 2, "hank");

    assertThat(join(store.save(switched, 1))).isTrue();

    assertThat(join(store.findByPrincipal("gina"))).isEmpty();
    assertThat(join(store.findByPrincipal("hank"))).containsExactly(switched);
    assertThat(admin().zrange(prefix + "p:{gina}", 0, -1)).doesNotContain(id);
  }

  @Test
  void sessionThatDropsItsPrincipalLeavesTheIndex() throws Exception {
    String id = newId();
    join(store.save(record(id, "{}", Duration.ofMinutes(5), 1, "ivy"), StoredSession.NEW));

    join(store.save(record(id, "{}", Duration.ofMinutes(5), 2, null), 1));

    assertThat(join(store.findByPrincipal("ivy"))).isEmpty();
    assertThat(join(store.get(id)).orElseThrow().principal()).isNull();
  }

  @Test
  void destroyedAndExpiredSessionsArePrunedFromTheIndex() throws Exception {
    StoredSession live = record(newId(), "{}", Duration.ofMinutes(5), 1, "jack");
    StoredSession doomed = record(newId(), "{}", Duration.ofMinutes(5), 1, "jack");
    StoredSession shortLived = record(newId(), "{}", Duration.ofMillis(100), 1, "jack");
    for (StoredSession s : List.of(live, doomed, shortLived)) {
      join(store.save(s, StoredSession.NEW));
    }
    join(store.destroy(doomed.id()));
    String indexKey = prefix + "p:{jack}";
    assertThat(pollUntil(Duration.ofSeconds(10),
        () -> admin().exists(prefix + "s:{" + shortLived.id() + "}") == 0)).isTrue();

    assertThat(join(store.findByPrincipal("jack"))).containsExactly(live);
    assertThat(admin().zrange(indexKey, 0, -1)).containsExactly(live.id());
  }

  @Test
  void indexOutlivesItsSessionsEvenWhenTheyAreOnlyTouched() throws Exception {
    String id = newId();
    StoredSession s = record(id, "{}", Duration.ofMinutes(1), 1, "kate");
    join(store.save(s, StoredSession.NEW));
    String indexKey = prefix + "p:{kate}";
    assertThat(admin().pttl(indexKey)).isGreaterThanOrEqualTo(admin().pttl(prefix + "s:{" + id + "}"));

    Instant farAway = Instant.now().plus(Duration.ofHours(5));
    assertThat(join(store.touch(id, Instant.now(), farAway))).isTrue();

    assertThat(admin().pttl(indexKey)).isGreaterThan(Duration.ofHours(5).toMillis() - 60_000);
    assertThat(join(store.findByPrincipal("kate"))).hasSize(1);
  }

  @Test
  void indexEntryOfARecentWriteIsNotPrunedWithinTheGrace() throws Exception {
    try (RedisSessionStore graceful = newStoreWithGrace(prefix, Duration.ofMinutes(5))) {
      String id = newId();
      join(graceful.save(record(id, "{}", Duration.ofMinutes(5), 1, "liam"), StoredSession.NEW));
      join(graceful.save(record(id, "{}", Duration.ofMinutes(5), 2, "mona"), 1));

      // the move away from liam was recent: the stale entry stays (never returned) until the grace passes
      assertThat(join(graceful.findByPrincipal("liam"))).isEmpty();
      assertThat(admin().zrange(prefix + "p:{liam}", 0, -1)).containsExactly(id);
    }
  }

  /** Like {@link #newStore} with another prune grace. */
  protected abstract RedisSessionStore newStoreWithGrace(String prefix, Duration grace);

  // ---- helpers ------------------------------------------------------------------------------------

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "") + "Ab";
  }

  static StoredSession record(String id, String json, Duration expiresIn, long version, String principal) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return new StoredSession(id, json.getBytes(StandardCharsets.UTF_8), now.minusSeconds(10), now,
        now.plus(expiresIn), version, principal);
  }

  static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static boolean pollUntil(Duration deadline, BooleanSupplier condition) throws InterruptedException {
    Instant end = Instant.now().plus(deadline);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10); // polling interval; the deadline decides
    }
    return condition.getAsBoolean();
  }
}
