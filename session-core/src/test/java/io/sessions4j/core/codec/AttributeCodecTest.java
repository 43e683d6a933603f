package io.sessions4j.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attribute JSON: data can never choose a class; only registered types are instantiated. */
class AttributeCodecTest {
  record Cart(List<String> items) {}

  final AttributeCodec codec = new AttributeCodec(Map.of("cart", Cart.class));

  SessionDocument decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void forgedJacksonTypeIdsStayPlainData() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"x\":[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}],"
        + "\"y\":{\"@class\":\"java.lang.ProcessBuilder\"}}}");
    assertThat(codec.fromTree(doc.attributes().get("x"), null)).isInstanceOf(List.class);
    assertThat(codec.fromTree(doc.attributes().get("y"), null)).isInstanceOf(Map.class);
  }

  @Test
  void unknownTypeAliasIsDecodedAsPlainData() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"p\":{\"command\":[\"id\"]}},\"t\":{\"p\":\"java.lang.ProcessBuilder\"}}");
    assertThat(codec.fromTree(doc.attributes().get("p"), doc.types().get("p"))).isInstanceOf(Map.class);
  }

  @Test
  void registeredAliasDecodesToItsClass() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"c\":{\"items\":[\"apple\"]}},\"t\":{\"c\":\"cart\"}}");
    assertThat(codec.fromTree(doc.attributes().get("c"), "cart")).isEqualTo(new Cart(List.of("apple")));
  }

  @Test
  void convertingToAnUnregisteredClassIsRefused() {
    assertThatThrownBy(() -> codec.convert(Map.of("a", 1), java.util.Date.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowType");
  }

  @Test
  void malformedDocumentsAreCorruptNotCrashes() {
    for (String bad : List.of("", "null", "[]", "{", "{\"v\":2}", "{\"v\":1,\"a\":[]}", "{\"v\":1,\"e\":\"soon\"}",
        "{\"v\":1,\"t\":{\"x\":\"cart\"}}", "{\"v\":1} trailing", "\u0000\u0001")) {
      assertThatThrownBy(() -> decode(bad)).as(bad).isInstanceOf(CorruptSessionException.class);
    }
  }

  @Test
  void absurdlyDeepNestingIsCorrupt() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> decode("{\"v\":1,\"a\":{\"x\":" + deep + "}}")).isInstanceOf(CorruptSessionException.class);
  }

  @Test
  void fourByteUtf8AndControlCharactersRoundTrip() {
    String text = "emoji \uD83D\uDE00 ; semicolon \u00e9 \u0000 \"quote\"";
    SessionDocument doc = new SessionDocument(Map.of("t", codec.toTree(text)), Map.of(), -1, -1, -1, -1, -1);
    SessionDocument back = codec.decode(codec.encode(doc));
    assertThat(codec.fromTree(back.attributes().get("t"), null)).isEqualTo(text);
  }

  @Test
  void scalarTreesAreTheNodesJacksonWouldMake() {
    com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
    for (Object value : new Object[] {"", "text é \u2028", 0, -7, Integer.MAX_VALUE, 5L,
        Long.MIN_VALUE, 1L << 40, true, false, 1.5d, 2.5f, (short) 3, (byte) 4,
        new java.math.BigDecimal("1.10"), java.math.BigInteger.TEN}) {
      com.fasterxml.jackson.databind.JsonNode expected = plain.valueToTree(value);
      com.fasterxml.jackson.databind.JsonNode actual = codec.toTree(value);
      assertThat(actual).as("tree of %s (%s)", value, value.getClass().getSimpleName())
          .isEqualTo(expected);
      assertThat(actual.getClass()).as("node class for %s", value.getClass().getSimpleName())
          .isEqualTo(expected.getClass());
    }
  }
}
