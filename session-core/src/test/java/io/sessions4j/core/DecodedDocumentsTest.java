package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoded-document cache of stores that share their record data (the memory store): a record's bytes decode once, a changed record is
 * never served from an older decode, and requests sharing one decoded document never see each
 * other's uncommitted changes.
 */
class DecodedDocumentsTest {
  final AttributeCodec codec = new AttributeCodec(Map.of());
  final DecodedDocuments documents = new DecodedDocuments(codec);

  byte[] encoded(Map<String, Object> attributes) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> trees = new LinkedHashMap<>();
    attributes.forEach((k, v) -> trees.put(k, v instanceof Integer i
        ? JsonNodeFactory.instance.numberNode(i) : JsonNodeFactory.instance.textNode(String.valueOf(v))));
    return codec.encode(new SessionDocument(trees, Map.of(), SessionDocument.UNSET, SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET));
  }

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static StoredSession record(String id, byte[] data) {
    return new StoredSession(id, data, T, T, T.plusSeconds(60), 1, null);
  }

  @Test
  void theSameBytesDecodeOnceAndEqualBytesInANewArrayDecodeAgain() {
    byte[] data = encoded(Map.of("user", "ada"));
    SessionDocument first = documents.decode(record("s1", data));
    assertThat(documents.decode(record("s1", data))).isSameAs(first);
    SessionDocument copy = documents.decode(record("s1", data.clone()));
    assertThat(copy).isNotSameAs(first);
    assertThat(copy.attributes()).isEqualTo(first.attributes());
    assertThat(first.attributes().get("user").textValue()).isEqualTo("ada");
  }

  @Test
  void everyRecordGetsItsOwnDocumentEvenWhenRecordsShareASlot() {
    // more sessions than slots, so slots are shared and entries overwritten: never a wrong document
    List<StoredSession> records = new ArrayList<>();
    for (int i = 0; i < DecodedDocuments.SLOTS * 3; i++) {
      records.add(record("s" + i, encoded(Map.of("n", i))));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < records.size(); i++) {
        assertThat(documents.decode(records.get(i)).attributes().get("n").intValue()).isEqualTo(i);
      }
    }
  }

  @Test
  void aNewVersionOfOneSessionIsDecodedAnewAndAnOlderOneNeverServedForIt() {
    StoredSession v1 = record("hot", encoded(Map.of("n", 1)));
    StoredSession v2 = record("hot", encoded(Map.of("n", 2)));
    assertThat(documents.decode(v1).attributes().get("n").intValue()).isEqualTo(1);
    assertThat(documents.decode(v2).attributes().get("n").intValue()).isEqualTo(2);
    assertThat(documents.decode(v1).attributes().get("n").intValue()).isEqualTo(1);
    // the same bytes under another id are that session's own entry
    assertThat(documents.decode(record("other", v2.data())).attributes().get("n").intValue()).isEqualTo(2);
  }

  @Test
  void aSharedDocumentCannotBeChanged() {
    SessionDocument doc = documents.decode(record("s1", encoded(Map.of("user", "ada"))));
    assertThatThrownBy(() -> doc.attributes().put("user", JsonNodeFactory.instance.textNode("eve")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> doc.types().put("user", "x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void corruptBytesFailEveryTimeAndBigDocumentsAreNotKept() {
    byte[] corrupt = "{\"v\":1,\"a\":".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> documents.decode(record("c", corrupt))).isInstanceOf(CorruptSessionException.class);
    assertThatThrownBy(() -> documents.decode(record("c", corrupt))).isInstanceOf(CorruptSessionException.class);

    StoredSession big = record("big", encoded(Map.of("blob", "x".repeat(DecodedDocuments.MAX_CACHED_BYTES))));
    assertThat(documents.decode(big)).isNotSameAs(documents.decode(big));
  }

  static SessionDocument documentOf(Map<String, com.fasterxml.jackson.databind.JsonNode> trees) {
    return new SessionDocument(new LinkedHashMap<>(trees), Map.of(), SessionDocument.UNSET, SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET);
  }

  @Test
  void aWrittenDocumentThatDecodesToItselfIsServedForItsVeryBytes() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    SessionDocument written = documentOf(Map.of("n", f.numberNode(7), "big", f.numberNode(1L << 40),
        "cart", f.arrayNode().add("tea").add(f.objectNode().put("qty", 2))));
    // bytes that do not even parse: a hit is the only way to get a document for them
    byte[] bytes = "not json".getBytes(StandardCharsets.UTF_8);
    documents.remember("s1", bytes, written);
    SessionDocument served = documents.decode(record("s1", bytes));
    assertThat(served.attributes()).isEqualTo(written.attributes());
    assertThatThrownBy(() -> served.attributes().put("x", f.nullNode())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> documents.decode(record("s1", bytes.clone()))).isInstanceOf(CorruptSessionException.class);
  }

  @Test
  void aWrittenDocumentThatARoundTripWouldChangeIsNotRemembered() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    byte[] bytes = "not json".getBytes(StandardCharsets.UTF_8);
    for (com.fasterxml.jackson.databind.JsonNode changedByARoundTrip : List.of(f.numberNode(5L),
        f.numberNode(1.5f), f.numberNode(2.5d), f.numberNode(new java.math.BigDecimal("1.0")),
        f.binaryNode(new byte[] {1}), f.pojoNode(new Object()), f.arrayNode().add(f.numberNode(3L)))) {
      documents.remember("s2", bytes, documentOf(Map.of("v", changedByARoundTrip)));
      assertThatThrownBy(() -> documents.decode(record("s2", bytes)))
          .as("%s", changedByARoundTrip).isInstanceOf(CorruptSessionException.class);
    }
  }

  // ---- through the engine, on the memory store (it shares its record data) --------------------

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final SessionManager manager = SessionManager.create(SessionConfig.builder()
      .keys(StoreModeEngineTest.KEY).store(MemoryStore.builder().clock(clock).build()).clock(clock).build());

  @SuppressWarnings("unchecked")
  static List<String> cart(Session s) {
    return (List<String>) s.get("cart");
  }

  @Test
  void requestsSharingOneDecodedRecordDoNotSeeEachOthersChanges() {
    String cookie = StoreModeEngineTest.request(manager, null, s -> s.put("cart", new ArrayList<>(List.of("tea"))))
        .sessionCookie("sid");
    TestExchange exA = TestExchange.withCookieHeader(cookie);
    TestExchange exB = TestExchange.withCookieHeader(cookie);
    Session a = StoreModeEngineTest.load(manager, exA);
    Session b = StoreModeEngineTest.load(manager, exB); // the same record: served from the cache

    List<String> cartOfB = cart(b);
    cartOfB.add("milk");                    // changes B's own copy in place
    b.put("note", "b was here");
    assertThat(cart(a)).containsExactly("tea");
    assertThat(a.get("note")).isNull();
    StoreModeEngineTest.commit(manager, exB, b);

    assertThat(cart(a)).containsExactly("tea");  // A still has what it loaded
    Session c = StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(cart(c)).containsExactly("tea", "milk");
    assertThat(c.get("note")).isEqualTo("b was here");

    a.put("other", 1);                      // A's write merges with B's instead of undoing it
    StoreModeEngineTest.commit(manager, exA, a);
    Session d = StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(d.attributes()).containsEntry("note", "b was here").containsEntry("other", 1);
    assertThat(cart(d)).containsExactly("tea", "milk");
  }

  @Test
  void theNextRequestSeesWhatEveryStoresReadersSeeWhetherOrNotTheWriteWasRemembered() {
    String cookie = StoreModeEngineTest.request(manager, null, s -> s.put("n", 1)).sessionCookie("sid");
    StoreModeEngineTest.request(manager, cookie, s -> s.put("n", 5L));           // a long: decoded again
    assertThat(StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie)).get("n")).isEqualTo(5);
    StoreModeEngineTest.request(manager, cookie, s -> s.put("n", 6));            // remembered
    Session next = StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie));
    assertThat(next.get("n")).isEqualTo(6);
    next.put("n", 7);
    assertThat(StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie)).get("n")).isEqualTo(6);
  }

  @Test
  void aRecordChangedByAnotherRequestIsReadFreshAndReloadSeesIt() {
    String cookie = StoreModeEngineTest.request(manager, null, s -> s.put("n", 1)).sessionCookie("sid");
    Session slow = StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie));
    for (int i = 2; i <= 5; i++) {
      int n = i;
      StoreModeEngineTest.request(manager, cookie, s -> s.put("n", n));
      assertThat(StoreModeEngineTest.load(manager, TestExchange.withCookieHeader(cookie)).get("n")).isEqualTo(n);
    }
    assertThat(slow.get("n")).isEqualTo(1);
    slow.reload().toCompletableFuture().join();
    assertThat(slow.get("n")).isEqualTo(5);
  }
}
