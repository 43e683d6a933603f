package io.sessions4j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting session documents into format-2 fields and reassembling them, without Redis. */
class RecordFormatTest {
  private static final AttributeCodec CODEC = new AttributeCodec(Map.of());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> ODD_NAMES = List.of("", "v", "a", "t", "m", "k", "d", "ix", ":", "a:", "t:",
      "a:b", "\"", "\\", "/", "\n\t\r\b\f", "\u0000\u0001\u001f", "\u007f", "😀", "ünïcödé 名前", "\u2028\u2029");

  @Test
  void codecDocumentsSplitIntoFieldsAndReassembleByteForByte() {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (int i = 0; i < ODD_NAMES.size(); i++) {
      attributes.put(ODD_NAMES.get(i), i % 2 == 0 ? NODES.numberNode(i) : NODES.objectNode().put("x", "y\u0000" + i));
      if (i % 3 == 0) {
        types.put(ODD_NAMES.get(i), "alias \"" + i + "\" 😀");
      }
    }
    attributes.put("big", NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
    attributes.put("long", NODES.numberNode(Long.MIN_VALUE));
    for (SessionDocument doc : List.of(
        document(attributes, types, SessionDocument.UNSET, SessionDocument.UNSET),
        document(attributes, Map.of(), 0, 1_900_000_000_000L),
        document(Map.of(), Map.of(), 5000, SessionDocument.UNSET),
        document(Map.of(), Map.of(), SessionDocument.UNSET, SessionDocument.UNSET))) {
      byte[] data = CODEC.encode(doc);

      List<byte[]> pairs = RecordFormat.split(data);

      assertThat(pairs).as(text(data)).isNotNull();
      assertThat(RecordFormat.assemble("id", fields(pairs))).isEqualTo(data);
      assertThat(fields(pairs).keySet()).allMatch(f -> f.startsWith("a:") || f.startsWith("t:")
          || f.equals("m") || f.equals("k"));
    }
  }

  @Test
  void fieldsInAnotherHashOrderGiveTheSameDocument() {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String name : ODD_NAMES) {
      attributes.put(name, NODES.textNode("value of " + name));
      types.put(name, "type of " + name);
    }
    SessionDocument doc = document(attributes, types, 60_000, 42);
    List<byte[]> pairs = RecordFormat.split(CODEC.encode(doc));
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>(fields(pairs).entrySet());
    Collections.reverse(entries);
    Map<String, byte[]> reversed = new LinkedHashMap<>();
    entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));

    assertThat(CODEC.decode(RecordFormat.assemble("id", reversed))).isEqualTo(doc);
  }

  @Test
  void dataThatIsNotTheCodecsExactEncodingIsKeptWhole() {
    for (String data : List.of("", "{}", "not json", "{\"v\":1,\"a\":{\"x\":1}", "{\"v\":1, \"a\":{}}",
        "{\"a\":{},\"v\":1}", "{\"v\":1,\"a\":{},\"t\":{}}", "{\"v\":1,\"a\":{\"n\":1E2}}",
        "{\"v\":1,\"a\":{\"s\":\"\\u00e9\"}}", "{\"v\":1,\"a\":{},\"c\":1,\"l\":2,\"e\":3}", "{\"v\":2,\"a\":{}}",
        "{\"v\":1,\"a\":{\"x\":1,\"x\":2}}")) {
      assertThat(RecordFormat.split(data.getBytes(StandardCharsets.UTF_8))).as(data).isNull();
    }
  }

  @Test
  void formatOneAndRecordsWithoutAFormatFieldAreReadWhole() {
    for (Map<String, byte[]> fields : List.of(
        meta("1", "d", "{\"v\":1,\"a\":{\"x\":1}}"), meta(null, "d", "{\"v\":1,\"a\":{\"x\":1}}"))) {
      StoredSession record = RecordFormat.parse("id", fields);

      assertThat(text(record.data())).isEqualTo("{\"v\":1,\"a\":{\"x\":1}}");
      assertThat(record.version()).isEqualTo(3);
      assertThat(RecordFormat.isFields("id", fields)).isFalse();
    }
  }

  @Test
  void formatTwoIsReassembledAndAStrayWholeDocumentFieldIgnored() {
    Map<String, byte[]> fields = meta("2", "a:x", "1");
    fields.put("d", bytes("{\"v\":1,\"a\":{\"stale\":1}}"));
    fields.put("k", bytes("7"));

    assertThat(text(RecordFormat.parse("id", fields).data())).isEqualTo("{\"v\":1,\"a\":{\"x\":1},\"k\":7}");
  }

  @Test
  void unreadableRecordsAreReportedWithoutTheirId() {
    String id = "secret-session-id-0123456789";
    assertThatThrownBy(() -> RecordFormat.parse(id, meta("3", "a:x", "1")))
        .isInstanceOf(SessionStoreException.class).hasMessageContaining("format 3 is newer")
        .hasMessageNotContaining(id);
    assertThatThrownBy(() -> RecordFormat.parse(id, meta("2", "m", "soon")))
        .isInstanceOf(SessionStoreException.class).hasMessageContaining("'m' is not a number")
        .hasMessageNotContaining(id);
    assertThatThrownBy(() -> RecordFormat.parse(id, meta("1", "x", "1")))
        .isInstanceOf(SessionStoreException.class).hasMessageContaining("'d' is missing");
  }

  @Test
  void onlyWellFormedUtf16SurvivesAsAFieldName() {
    assertThat(RecordFormat.survivesUtf8("😀 ü")).isTrue();
    assertThat(RecordFormat.survivesUtf8("x\uD800")).isFalse();
    assertThat(RecordFormat.survivesUtf8("\uDC00x")).isFalse();
    assertThat(RecordFormat.survivesUtf8("\uD800x")).isFalse();
  }

  private static Map<String, byte[]> meta(String format, String field, String value) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    fields.put("c", bytes("1"));
    fields.put("a", bytes("2"));
    fields.put("e", bytes("3"));
    fields.put("v", bytes("3"));
    if (format != null) {
      fields.put("f", bytes(format));
    }
    fields.put(field, bytes(value));
    return fields;
  }

  private static SessionDocument document(Map<String, JsonNode> attributes, Map<String, String> types, long maxAge,
      long renew) {
    return new SessionDocument(attributes, types, maxAge, SessionDocument.UNSET, SessionDocument.UNSET,
        SessionDocument.UNSET, renew);
  }

  private static Map<String, byte[]> fields(List<byte[]> pairs) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      fields.put(text(pairs.get(i)), pairs.get(i + 1));
    }
    return fields;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
