package io.sessions4j.core.compat.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionPatch;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** koa-session's stored document (what koa-redis keeps) to and from sessions4j's. */
class KoaSessionJsonTest {
  static final Instant NOW = Instant.parse("2026-12-06T17:30:00Z");

  @Test
  void aDocumentKoaWroteReadsAsItsAttributesAndItsExpiry() {
    ObjectNode root = ExpressSessionJson.parse(
        "{\"passport\":{\"user\":\"alice\"},\"n\":1,\"_expire\":1796578200000,\"_maxAge\":3600000}");
    assertThat(KoaSessionJson.expire(root)).isEqualTo(Instant.ofEpochMilli(1796578200000L));
    assertThat(KoaSessionJson.maxAge(root)).isEqualTo(3600000L);
    assertThat(new String(KoaSessionJson.toDocument(root), StandardCharsets.UTF_8))
        .isEqualTo("{\"v\":1,\"a\":{\"passport\":{\"user\":\"alice\"},\"n\":1}}");
  }

  @Test
  void aSessionJavaCreatesIsWrittenAsKoaSessionSavesOne() {
    byte[] document = new AttributeCodec(Map.of()).encode(new SessionDocument(
        Map.of("user", JsonNodeFactory.instance.textNode("ann")), Map.of(), -1, -1, -1, -1, -1));
    assertThat(KoaSessionJson.fromDocument(document, NOW, NOW.plusSeconds(3600)))
        .isEqualTo("{\"user\":\"ann\",\"_expire\":" + NOW.plusSeconds(3600).toEpochMilli() + ",\"_maxAge\":3600000}");
  }

  @Test
  void aPatchChangesOnlyItsAttributesAndTheExpiryKeepingEverythingElseAsStored() {
    ObjectNode stored = ExpressSessionJson.parse(
        "{\"passport\":{\"user\":\"alice\"},\"gone\":true,\"_expire\":1,\"_maxAge\":3600000}");
    String patched = KoaSessionJson.apply(stored, SessionPatch.builder("id", NOW, NOW.plusSeconds(60))
        .set("cart", JsonNodeFactory.instance.textNode("book"), null).remove("gone").build());
    assertThat(patched).isEqualTo("{\"passport\":{\"user\":\"alice\"},\"_expire\":" + NOW.plusSeconds(60).toEpochMilli()
        + ",\"_maxAge\":3600000,\"cart\":\"book\"}");
  }

  @Test
  void aBrowserSessionDocumentGetsNoExpireFromATouch() {
    ObjectNode browser = ExpressSessionJson.parse("{\"user\":\"ann\",\"_session\":true}");
    assertThat(KoaSessionJson.expire(browser)).isNull();
    assertThat(KoaSessionJson.expiring(browser, NOW)).isEqualTo("{\"user\":\"ann\",\"_session\":true}");
  }

  @Test
  void attributeTypesTravelBesideTheSessionAndFollowAPatch() {
    ObjectNode cart = JsonNodeFactory.instance.objectNode();
    cart.putArray("items").add("apple");
    byte[] doc = new AttributeCodec(Map.of()).encode(new SessionDocument(Map.of("cart", cart), Map.of("cart", "cart"),
        -1, -1, -1, -1, -1));
    Instant now = Instant.parse("2026-12-06T20:00:00Z");
    String json = KoaSessionJson.fromDocument(doc, now, now.plusSeconds(60));
    ObjectNode root = ExpressSessionJson.parse(json);
    assertThat(root.get("sessions4j:types").toString()).isEqualTo("{\"cart\":\"cart\"}");
    assertThat(new AttributeCodec(Map.of()).decode(KoaSessionJson.toDocument(root)).types())
        .containsExactly(Map.entry("cart", "cart"));

    SessionPatch plain = SessionPatch.builder("4d9f7d3e-7a3b-4d0e-9d59-2f1b0c6f0c11", now, now.plusSeconds(120))
        .set("cart", JsonNodeFactory.instance.textNode("emptied"), null).build();
    ObjectNode patched = ExpressSessionJson.parse(KoaSessionJson.apply(root, plain));
    assertThat(patched.has("sessions4j:types")).as("no typed attribute left, no table").isFalse();
    assertThat(KoaSessionJson.attributes(patched)).containsOnlyKeys("cart");
  }
}
