package io.sessions4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionPatch;
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
  static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
  void idsThatAreNotWellFormedNeverBecomeKeys() throws Exception {
    // application code passes ids straight through (SessionManager.destroy(id)): a key pattern or
    // another prefix must not reach Redis
    StoredSession kept = record(newId(), "kept", Duration.ofMinutes(5), 1, null);
    join(store.set(kept));
    for (String bad : List.of("*", "short", "x".repeat(20) + "*", "x".repeat(20) + ":other:key", "x".repeat(300))) {
      assertThat(join(store.get(bad))).as("get %s", bad).isEmpty();
      assertThat(join(store.take(bad))).as("take %s", bad).isEmpty();
      assertThat(join(store.touch(bad, Instant.now(), Instant.now().plusSeconds(60)))).as("touch %s", bad).isFalse();
      join(store.destroy(bad));
      assertThatThrownBy(() -> join(store.set(record(bad, "x", Duration.ofMinutes(5), 1, null))))
          .hasRootCauseInstanceOf(IllegalArgumentException.class).hasStackTraceContaining("session id must be");
    }
    assertThat(join(store.get(kept.id()))).as("untouched by destroy(\"*\")").isPresent();
    assertThat(admin().keys(prefix + "*")).allMatch(k -> k.contains(kept.id()));
  }

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
    StoredSession record = record(newId(), "{\"v\":1,\"a\":{\"user\":\"ann\",\"pt\":{\"x\":1}},\"t\":{\"pt\":\"point\"},\"m\":0,\"k\":77}",
        Duration.ofMinutes(10), 1, null);
    join(store.save(record, StoredSession.NEW));

    String key = prefix + "s:{" + record.id() + "}";
    assertThat(admin().type(key)).isEqualTo("hash");
    Map<String, String> fields = admin().hgetall(key);
    assertThat(fields).containsOnlyKeys("c", "a", "e", "v", "f", "a:user", "a:pt", "t:pt", "m", "k");
    assertThat(fields).containsEntry("f", "2").containsEntry("a:user", "\"ann\"").containsEntry("a:pt", "{\"x\":1}")
        .containsEntry("t:pt", "point").containsEntry("m", "0").containsEntry("k", "77");
    long pttl = admin().pttl(key);
    assertThat(pttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(join(store.get(record.id()))).contains(record);
  }

  @Test
  void dataThatIsNotASessionDocumentIsKeptWholeAndRoundTripsExactly() throws Exception {
    for (String data : List.of("{}", "not json", "{\"v\":1, \"a\":{}}", "{\"v\":1,\"a\":{\"n\":1.0E2}}",
        "{\"v\":1,\"a\":{},\"c\":5}")) {
      StoredSession record = record(newId(), data, Duration.ofMinutes(5), 1, null);
      join(store.save(record, StoredSession.NEW));

      Map<String, String> fields = admin().hgetall(prefix + "s:{" + record.id() + "}");
      assertThat(fields).as(data).containsEntry("f", "1").containsEntry("d", data);
      assertThat(join(store.get(record.id()))).as(data).contains(record);
    }
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
    admin().hset(key, Map.of("d", "{}", "c", "" + now, "a", "" + now, "e", "" + (now + 60_000), "v", "1", "f", "3"));
    admin().expire(key, 60);

    assertThatThrownBy(() -> join(store.get(id))).hasMessageContaining("format 3 is newer");
    assertThatThrownBy(() -> join(store.update(patch(id).set("x", NODES.numberNode(1), null).build())))
        .hasMessageContaining("format 3 is newer");
    assertThatThrownBy(() -> join(store.take(id))).hasMessageContaining("format 3 is newer");
    assertThat(admin().hgetall(key)).as("left as it was").containsEntry("f", "3").doesNotContainKey("a:x");
  }

  // ---- update and take --------------------------------------------------------------------------

  @Test
  void updateChangesOnlyThePatchedFieldsOfTheHash() throws Exception {
    String id = newId();
    StoredSession before = record(id, "{\"v\":1,\"a\":{\"keep\":\"k\",\"gone\":1,\"typed\":{\"x\":1}},\"t\":{\"typed\":\"point\"},\"k\":500}",
        Duration.ofMinutes(5), 3, null);
    join(store.save(before, StoredSession.NEW));
    String key = prefix + "s:{" + id + "}";
    Instant accessed = before.lastAccessedAt().plusSeconds(1);
    Instant expires = before.expiresAt().plus(Duration.ofHours(1));

    long version = join(store.update(SessionPatch.builder(id, accessed, expires)
        .set("typed", NODES.textNode("plain now"), null)
        .set("added", NODES.objectNode().put("y", 2), "point")
        .remove("gone")
        .maxAgeMillis(60_000)
        .cookieExpiresAt(400)
        .build()));

    assertThat(version).isEqualTo(4);
    Map<String, String> fields = admin().hgetall(key);
    assertThat(fields).containsOnlyKeys("c", "a", "e", "v", "f", "a:keep", "a:typed", "a:added", "t:added", "m", "k");
    assertThat(fields).containsEntry("a:typed", "\"plain now\"").containsEntry("a:added", "{\"y\":2}")
        .containsEntry("t:added", "point").containsEntry("m", "60000").containsEntry("k", "500")
        .containsEntry("v", "4").containsEntry("a", "" + accessed.toEpochMilli())
        .containsEntry("e", "" + expires.toEpochMilli()).containsEntry("c", "" + before.createdAt().toEpochMilli());
    assertThat(admin().pttl(key)).isGreaterThan(Duration.ofMinutes(60).toMillis());
    assertThat(new String(join(store.get(id)).orElseThrow().data(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"v\":1,\"a\":{\"keep\":\"k\",\"typed\":\"plain now\",\"added\":{\"y\":2}},\"t\":{\"added\":\"point\"},"
            + "\"m\":60000,\"k\":500}");

    join(store.update(patch(id).maxAgeMillis(-1).cookieExpiresAt(900).build()));
    assertThat(admin().hgetall(key)).doesNotContainKey("m").containsEntry("k", "900");
  }

  @Test
  void integersBeyondADoubleAndDeepValuesArePatchedByteForByte() throws Exception {
    String id = newId();
    join(store.save(record(id, "{\"v\":1,\"a\":{}}", Duration.ofMinutes(5), 1, null), StoredSession.NEW));
    JsonNode big = DOCUMENTS.decodeValue(("{\"max\":9223372036854775807,\"huge\":123456789012345678901234567890,"
        + "\"odd\":9007199254740993,\"list\":[1,[2,[3]],{\"s\":\"\\u0000\\\"\"}],\"pi\":3.141592653589793}")
        .getBytes(StandardCharsets.UTF_8));

    join(store.update(patch(id).set("big", big, null).build()));

    JsonNode read = DOCUMENTS.decode(join(store.get(id)).orElseThrow().data()).attributes().get("big");
    assertThat(read).isEqualTo(big);
    assertThat(admin().hget(prefix + "s:{" + id + "}", "a:big")).contains("9223372036854775807")
        .contains("123456789012345678901234567890").contains("9007199254740993");
  }

  @Test
  void attributeNamesNeverCollideWithTheRecordsOwnFields() throws Exception {
    List<String> names = List.of("", "v", "c", "a", "e", "p", "f", "d", "m", "k", "t", "ix", ":", "a:", "t:", "a:v",
        "t:a:x", "\"quoted\"", "back\\slash", "new\nline", "nul\u0000", "ctl\u001f\b", "😀", "ünïcödé 名前", "\u2028");
    Map<String, JsonNode> attributes = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      attributes.put(names.get(i), NODES.numberNode(i));
    }
    byte[] data = DOCUMENTS.encode(new SessionDocument(attributes, Map.of(names.get(3), "typed 😀"), SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET));
    String id = newId();
    StoredSession saved = new StoredSession(id, data, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5),
        Instant.now().truncatedTo(ChronoUnit.MILLIS), Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.MILLIS), 1, "owner");
    join(store.save(saved, StoredSession.NEW));
    assertThat(admin().hget(prefix + "s:{" + id + "}", "f")).isEqualTo("2");
    assertThat(join(store.get(id))).as("byte for byte, in order").contains(saved);

    SessionPatch.Builder patch = patch(id);
    Map<String, JsonNode> expected = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (i % 3 == 0) {
        patch.remove(names.get(i));
      } else {
        patch.set(names.get(i), NODES.textNode("new " + names.get(i)), i % 3 == 1 ? "alias " + names.get(i) : null);
        expected.put(names.get(i), NODES.textNode("new " + names.get(i)));
      }
    }
    long version = join(store.update(patch.build()));

    StoredSession after = join(store.get(id)).orElseThrow();
    SessionDocument doc = DOCUMENTS.decode(after.data());
    assertThat(doc.attributes()).isEqualTo(expected);
    assertThat(doc.types()).hasSize((int) java.util.stream.IntStream.range(0, names.size()).filter(i -> i % 3 == 1).count());
    assertThat(after.version()).isEqualTo(version).isEqualTo(2);
    assertThat(after.principal()).isEqualTo("owner");
    assertThat(after.createdAt()).isEqualTo(saved.createdAt());
    assertThat(join(store.take(id)).orElseThrow()).isEqualTo(after);
  }

  @Test
  void formatOneRecordOfThePreviousReleaseIsReadPatchedAndTaken() throws Exception {
    String id = newId();
    String key = prefix + "s:{" + id + "}";
    long now = System.currentTimeMillis();
    String document = "{\"v\":1,\"a\":{\"user\":\"nora\",\"cart\":[1,2],\"big\":12345678901234567890123},"
        + "\"t\":{\"cart\":\"items\"},\"m\":1800000}";
    // exactly what the previous release's save script wrote
    admin().hset(key, Map.of("d", document, "c", "" + (now - 10_000), "a", "" + now, "e", "" + (now + 300_000),
        "v", "7", "f", "1", "p", "nora", "ix", "" + (now + 600_000)));
    admin().pexpire(key, 300_000);
    admin().zadd(prefix + "p:{nora}", now, id);
    admin().pexpire(prefix + "p:{nora}", 600_000);

    StoredSession read = join(store.get(id)).orElseThrow();
    assertThat(new String(read.data(), StandardCharsets.UTF_8)).isEqualTo(document);
    assertThat(read.version()).isEqualTo(7);
    assertThat(read.principal()).isEqualTo("nora");

    Instant expires = Instant.ofEpochMilli(now + 900_000);
    long version = join(store.update(SessionPatch.builder(id, Instant.ofEpochMilli(now + 1), expires)
        .set("seen", NODES.booleanNode(true), null).remove("cart").build()));

    assertThat(version).isEqualTo(8);
    Map<String, String> fields = admin().hgetall(key);
    assertThat(fields).as("converted to format 2").containsEntry("f", "2").doesNotContainKey("d")
        .containsEntry("a:big", "12345678901234567890123").containsEntry("a:seen", "true").containsEntry("m", "1800000")
        .containsEntry("p", "nora").containsEntry("c", "" + (now - 10_000)).containsEntry("e", "" + expires.toEpochMilli());
    assertThat(fields.keySet()).noneMatch(f -> f.equals("a:cart") || f.equals("t:cart"));
    assertThat(admin().pttl(key)).isGreaterThan(600_000);

    assertThat(join(store.update(patch(id).set("n", NODES.numberNode(1), null).build()))).isEqualTo(9);
    StoredSession patched = join(store.get(id)).orElseThrow();
    assertThat(DOCUMENTS.decode(patched.data()).attributes()).containsOnlyKeys("user", "big", "seen", "n");
    assertThat(join(store.findByPrincipal("nora"))).containsExactly(patched);

    assertThat(join(store.take(id))).contains(patched);
    assertThat(admin().exists(key)).isZero();
    assertThat(admin().zrange(prefix + "p:{nora}", 0, -1)).doesNotContain(id);
  }

  /**
   * Writes a format-1 record (the whole document in field {@code d}), as the previous release's
   * save script did, created and accessed now, live for {@code ttlMillis}; returns its key.
   */
  private String seedFormatOne(String id, String document, long version, long ttlMillis) {
    String key = prefix + "s:{" + id + "}";
    long now = System.currentTimeMillis();
    admin().hset(key, Map.of("d", document, "c", "" + now, "a", "" + now, "e", "" + (now + ttlMillis),
        "v", "" + version, "f", "1"));
    admin().pexpire(key, ttlMillis);
    return key;
  }

  @Test
  void formatOneRecordTakenAsItIs() throws Exception {
    String id = newId();
    String key = seedFormatOne(id, "{\"v\":1,\"a\":{\"x\":1}}", 2, 60_000);

    StoredSession taken = join(store.take(id)).orElseThrow();

    assertThat(new String(taken.data(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":1,\"a\":{\"x\":1}}");
    assertThat(taken.version()).isEqualTo(2);
    assertThat(admin().exists(key)).isZero();
  }

  @Test
  void parallelWritersOfAFormatOneRecordConvertItOnceAndLoseNothing() throws Exception {
    String id = newId();
    String key = seedFormatOne(id, "{\"v\":1,\"a\":{\"seed\":\"x\"}}", 1, 300_000);
    int writers = 16;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      List<java.util.concurrent.Future<Long>> results = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "w" + i;
        results.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return join(store.update(patch(id).set(name, NODES.numberNode(1), null).build()));
        }));
      }
      java.util.Set<Long> versions = new java.util.HashSet<>();
      for (java.util.concurrent.Future<Long> f : results) {
        versions.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(versions).hasSize(writers).allMatch(v -> v >= 2 && v <= 1 + writers);
    } finally {
      pool.shutdownNow();
    }

    StoredSession after = join(store.get(id)).orElseThrow();
    assertThat(after.version()).isEqualTo(1 + writers);
    Map<String, JsonNode> attributes = DOCUMENTS.decode(after.data()).attributes();
    assertThat(attributes).hasSize(1 + writers).containsEntry("seed", NODES.textNode("x"));
    assertThat(admin().hget(key, "f")).isEqualTo("2");
  }

  @Test
  void updateOfAMissingDestroyedOrExpiredRecordCreatesNothing() throws Exception {
    String destroyed = newId();
    join(store.save(record(destroyed, "{\"v\":1,\"a\":{}}", Duration.ofMinutes(5), 1, "olga"), StoredSession.NEW));
    join(store.destroy(destroyed));
    String formatOneExpired = newId();
    long now = System.currentTimeMillis();
    admin().hset(prefix + "s:{" + formatOneExpired + "}", Map.of("d", "{\"v\":1,\"a\":{}}", "c", "" + now,
        "a", "" + now, "e", "" + (now - 1), "v", "1", "f", "1"));
    admin().pexpire(prefix + "s:{" + formatOneExpired + "}", 60_000);

    for (String id : List.of(newId(), destroyed, formatOneExpired)) {
      assertThat(join(store.update(patch(id).set("late", NODES.booleanNode(true), null).principal("olga").build())))
          .isEqualTo(StoredSession.NEW);
      assertThat(admin().hget(prefix + "s:{" + id + "}", "a:late")).isNull();
    }
    assertThat(admin().exists(prefix + "s:{" + destroyed + "}")).isZero();
    assertThat(join(store.findByPrincipal("olga"))).isEmpty();
  }

  @Test
  void updateMovesTheSessionBetweenPrincipalIndexes() throws Exception {
    String id = newId();
    join(store.save(record(id, "{\"v\":1,\"a\":{}}", Duration.ofMinutes(5), 1, null), StoredSession.NEW));

    join(store.update(patch(id).set("user", NODES.textNode("pia"), null).principal("pia").build()));
    assertThat(join(store.findByPrincipal("pia"))).extracting(StoredSession::id).containsExactly(id);
    assertThat(admin().pttl(prefix + "p:{pia}")).isGreaterThanOrEqualTo(admin().pttl(prefix + "s:{" + id + "}"));

    join(store.update(patch(id).set("other", NODES.textNode("x"), null).build()));
    assertThat(join(store.get(id)).orElseThrow().principal()).as("kept when the patch does not change it").isEqualTo("pia");

    join(store.update(patch(id).set("user", NODES.textNode("quinn"), null).principal("quinn").build()));
    assertThat(join(store.findByPrincipal("quinn"))).extracting(StoredSession::id).containsExactly(id);
    assertThat(admin().zrange(prefix + "p:{pia}", 0, -1)).doesNotContain(id);

    join(store.update(patch(id).remove("user").principal(null).build()));
    assertThat(join(store.get(id)).orElseThrow().principal()).isNull();
    assertThat(admin().hgetall(prefix + "s:{" + id + "}")).doesNotContainKeys("p", "ix");
    assertThat(admin().zrange(prefix + "p:{quinn}", 0, -1)).doesNotContain(id);
  }

  @Test
  void updateThatMovesTheExpiryFarKeepsThePrincipalIndexAlive() throws Exception {
    String id = newId();
    join(store.save(record(id, "{\"v\":1,\"a\":{}}", Duration.ofMinutes(1), 1, "rita"), StoredSession.NEW));

    Instant farAway = Instant.now().plus(Duration.ofHours(5));
    join(store.update(SessionPatch.builder(id, Instant.now(), farAway).set("n", NODES.numberNode(1), null).build()));

    assertThat(admin().pttl(prefix + "p:{rita}")).isGreaterThan(Duration.ofHours(5).toMillis() - 60_000);
  }

  @Test
  void takeRemovesTheRecordAndItsIndexEntryAndAnExpiredRecordGivesNothing() throws Exception {
    StoredSession live = record(newId(), "{\"v\":1,\"a\":{\"user\":\"sam\"}}", Duration.ofMinutes(5), 4, "sam");
    join(store.save(live, StoredSession.NEW));
    String expired = newId();
    long now = System.currentTimeMillis();
    admin().hset(prefix + "s:{" + expired + "}", Map.of("f", "2", "c", "" + now, "a", "" + now, "e", "" + (now - 1),
        "v", "1", "a:x", "1"));
    admin().pexpire(prefix + "s:{" + expired + "}", 60_000);

    assertThat(join(store.take(live.id()))).contains(live);
    assertThat(join(store.take(live.id()))).isEmpty();
    assertThat(admin().exists(prefix + "s:{" + live.id() + "}")).isZero();
    assertThat(admin().zrange(prefix + "p:{sam}", 0, -1)).isEmpty();
    assertThat(join(store.take(expired))).isEmpty();
    assertThat(join(store.update(patch(live.id()).set("late", NODES.booleanNode(true), null).build())))
        .as("a taken record is not brought back").isEqualTo(StoredSession.NEW);
    assertThat(admin().exists(prefix + "s:{" + live.id() + "}")).isZero();
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

  /** A patch of {@code id} that keeps it alive five more minutes. */
  static SessionPatch.Builder patch(String id) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return SessionPatch.builder(id, now, now.plus(Duration.ofMinutes(5)));
  }

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
