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

  /** A registered type with an untyped field: the place polymorphic typing would bite. */
  record Box(Object payload) {}

  final AttributeCodec codec = new AttributeCodec(Map.of("cart", Cart.class, "box", Box.class));

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

  // ---- issue 6: forged payloads that try to choose a class

  @Test
  void everyTypeIdPropertySpellingStaysAMap() {
    for (String property : List.of("@class", "@type", "@c", "type", "$type", "@jsonType", "javaClass")) {
      SessionDocument doc = decode("{\"v\":1,\"a\":{\"x\":{\"" + property + "\":\"java.lang.ProcessBuilder\",\"command\":[\"id\"]}}}");
      assertThat(codec.fromTree(doc.attributes().get("x"), null)).as(property).isInstanceOf(Map.class);
    }
  }

  @Test
  void arrayWrappedJacksonTypingStaysAList() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"m\":[\"java.util.HashMap\",{}],"
        + "\"n\":[\"[Ljava.lang.Object;\",[[\"java.net.URL\",\"http://evil.example/\"]]]}}");
    assertThat(codec.fromTree(doc.attributes().get("m"), null)).isEqualTo(List.of("java.util.HashMap", Map.of()));
    assertThat(codec.fromTree(doc.attributes().get("n"), null)).isInstanceOf(List.class);
  }

  @Test
  void gadgetClassNamesAsValuesOrAliasesAreNeverInstantiated() {
    List<String> gadgets = List.of("com.sun.rowset.JdbcRowSetImpl", "org.springframework.context.support.FileSystemXmlApplicationContext",
        "ch.qos.logback.core.db.DriverManagerConnectionSource", "org.apache.xalan.xsltc.trax.TemplatesImpl",
        "com.zaxxer.hikari.HikariConfig", "javax.management.BadAttributeValueExpException", "java.lang.Runtime",
        AttributeCodecTest.Cart.class.getName());
    for (String gadget : gadgets) {
      SessionDocument doc = decode("{\"v\":1,\"a\":{\"g\":{\"@class\":\"" + gadget + "\",\"dataSourceName\":\"ldap://evil/x\","
          + "\"autoCommit\":true,\"items\":[\"apple\"]}},\"t\":{\"g\":\"" + gadget + "\"}}");
      assertThat(codec.fromTree(doc.attributes().get("g"), doc.types().get("g"))).as(gadget).isInstanceOf(Map.class);
    }
  }

  @Test
  void registeredTypesDoNotOpenPolymorphismInTheirFields() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"b\":{\"payload\":[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}]},"
        + "\"c\":{\"payload\":{\"@class\":\"java.lang.ProcessBuilder\"}}},\"t\":{\"b\":\"box\",\"c\":\"box\"}}");
    Object b = codec.fromTree(doc.attributes().get("b"), "box");
    assertThat(b).isInstanceOf(Box.class);
    assertThat(((Box) b).payload()).isInstanceOf(List.class);
    assertThat(((Box) codec.fromTree(doc.attributes().get("c"), "box")).payload()).isInstanceOf(Map.class);
  }

  @Test
  void typeIdsInsideARegisteredTypeAreIgnoredOrCorrupt() {
    SessionDocument doc = decode("{\"v\":1,\"a\":{\"c\":{\"@class\":\"java.lang.ProcessBuilder\",\"items\":[\"apple\"]},"
        + "\"s\":\"not a cart\"},\"t\":{\"c\":\"cart\",\"s\":\"cart\"}}");
    try {
      assertThat(codec.fromTree(doc.attributes().get("c"), "cart")).isEqualTo(new Cart(List.of("apple")));
    } catch (CorruptSessionException refused) {
      // refusing an unknown property is as good as ignoring it
    }
    assertThatThrownBy(() -> codec.fromTree(doc.attributes().get("s"), "cart")).isInstanceOf(CorruptSessionException.class);
  }

  @Test
  void deeplyNestedObjectsAndMixedNestingAreCorrupt() {
    String objects = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    String mixed = "[{\"a\":".repeat(2500) + "1" + "}]".repeat(2500);
    for (String deep : List.of(objects, mixed)) {
      assertThatThrownBy(() -> decode("{\"v\":1,\"a\":{\"x\":" + deep + "}}")).isInstanceOf(CorruptSessionException.class);
    }
  }

  @Test
  void hugeNumbersAreCorruptOrPlainNumbersAndNeverSlow() {
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
      for (String number : List.of("9".repeat(5000), "1e999999999", "-1e-999999999", "1" + "0".repeat(900),
          "123456789.123456789e123456789")) {
        Object value;
        try {
          value = codec.fromTree(decode("{\"v\":1,\"a\":{\"n\":" + number + "}}").attributes().get("n"), null);
        } catch (CorruptSessionException refused) {
          continue;
        }
        assertThat(value).as(number.length() > 40 ? number.substring(0, 40) : number).isInstanceOf(Number.class);
      }
      for (String field : List.of("m", "c", "l", "e", "k")) {
        for (String number : List.of("1e30", "123456789012345678901234567890", "9".repeat(5000), "1.5", "\"1\"")) {
          assertThatThrownBy(() -> decode("{\"v\":1,\"a\":{},\"" + field + "\":" + number + "}"))
              .as(field + "=" + (number.length() > 40 ? number.substring(0, 40) : number))
              .isInstanceOf(CorruptSessionException.class);
        }
      }
    });
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
