package io.sessions4j.core.compat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.store.SessionPatch;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** express-session's stored document, against documents the real package wrote. */
class ExpressSessionJsonTest {
  static final AttributeCodec CODEC = new AttributeCodec(Map.of());

  @Test
  void capturedDocumentsReadAsAttributesBesideTheCookie() throws IOException {
    for (JsonNode v : ExpressSessionCookieTest.fixtures().get("documents")) {
      ObjectNode root = ExpressSessionJson.parse(v.get("json").asText());
      SessionDocument doc = CODEC.decode(ExpressSessionJson.toDocument(root));
      assertThat(doc.attributes()).containsOnlyKeys("passport", "flash", "n");
      assertThat(doc.attributes().get("passport").toString()).isEqualTo("{\"user\":\"alice\"}");
      assertThat(doc.attributes().get("flash").toString()).isEqualTo("{\"info\":[\"hi\"]}");
    }
  }

  @Test
  void writingBackAnUnchangedSessionGivesNodesExactText() throws IOException {
    for (JsonNode v : ExpressSessionCookieTest.fixtures().get("documents")) {
      String json = v.get("json").asText();
      ObjectNode root = ExpressSessionJson.parse(json);
      Instant expires = ExpressSessionJson.cookieExpires(root);
      Instant at = expires == null ? Instant.parse("2026-12-06T17:00:00Z") : expires.minusSeconds(60);
      String written = ExpressSessionJson.fromDocument(ExpressSessionJson.toDocument(root),
          ExpressSessionJson.cookie(root), ExpressCookieShape.defaults(), at, expires == null ? at.plusSeconds(60) : expires);
      assertThat(written).isEqualTo(json);
    }
  }

  @Test
  void patchKeepsPassportAndFlashShapeAndMovesOnlyExpires() {
    ObjectNode stored = ExpressSessionJson.parse("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":"
        + "\"2026-12-06T17:58:59.761Z\",\"secure\":false,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
        + "\"passport\":{\"user\":\"alice\"},\"flash\":{\"info\":[\"Welcome back\"]},\"views\":3}");
    SessionPatch patch = SessionPatch.builder("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", Instant.parse("2026-12-06T17:10:00Z"),
            Instant.parse("2026-12-06T18:10:00Z"))
        .set("cart", JsonNodeFactory.instance.textNode("book"), null)
        .remove("views")
        .build();
    String json = ExpressSessionJson.apply(stored, patch, ExpressCookieShape.defaults());
    assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2026-12-06T18:10:00.000Z\","
        + "\"secure\":false,\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},"
        + "\"passport\":{\"user\":\"alice\"},\"flash\":{\"info\":[\"Welcome back\"]},\"cart\":\"book\"}");
  }

  @Test
  void sessionCreatedInJavaGetsTheShapesCookieObject() {
    byte[] doc = CODEC.encode(new SessionDocument(Map.of("passport",
        JsonNodeFactory.instance.objectNode().put("user", "bob")), Map.of(), -1, -1, -1, -1, -1));
    String json = ExpressSessionJson.fromDocument(doc, null, ExpressCookieShape.defaults(),
        Instant.parse("2026-12-06T17:00:00Z"), Instant.parse("2026-12-06T18:00:00Z"));
    assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2026-12-06T18:00:00.000Z\","
        + "\"httpOnly\":true,\"path\":\"/\"},\"passport\":{\"user\":\"bob\"}}");
  }

  @Test
  void anAttributeNamedCookieIsRefusedOnWrite() {
    SessionPatch patch = SessionPatch.builder("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", Instant.EPOCH, Instant.EPOCH.plusSeconds(9))
        .set("cookie", JsonNodeFactory.instance.textNode("x"), null).build();
    assertThatThrownBy(() -> ExpressSessionJson.apply(ExpressSessionJson.parse("{}"), patch, ExpressCookieShape.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cookie'");
  }

  @Test
  void attributeTypesTravelInTheirOwnFieldAndNodeSeesPlainJson() {
    ObjectNode cart = JsonNodeFactory.instance.objectNode();
    cart.putArray("items").add("apple");
    byte[] doc = CODEC.encode(new SessionDocument(Map.of("cart", cart), Map.of("cart", "cart"), -1, -1, -1, -1, -1));
    String json = ExpressSessionJson.fromDocument(doc, null, ExpressCookieShape.defaults(),
        Instant.parse("2026-12-06T17:00:00Z"), Instant.parse("2026-12-06T18:00:00Z"));
    assertThat(json).isEqualTo("{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2026-12-06T18:00:00.000Z\","
        + "\"httpOnly\":true,\"path\":\"/\"},\"cart\":{\"items\":[\"apple\"]},\"sessions4j:types\":{\"cart\":\"cart\"}}");
    SessionDocument back = CODEC.decode(ExpressSessionJson.toDocument(ExpressSessionJson.parse(json)));
    assertThat(back.attributes()).containsOnlyKeys("cart");
    assertThat(back.types()).containsExactly(Map.entry("cart", "cart"));
  }

  @Test
  void patchKeepsTheTypesOfUntouchedAttributesAndFollowsTheChangedOnes() {
    ObjectNode stored = ExpressSessionJson.parse("{\"cookie\":{\"expires\":null},\"a\":{\"x\":1},\"b\":{\"y\":2},"
        + "\"c\":{\"z\":3},\"sessions4j:types\":{\"a\":\"alpha\",\"b\":\"beta\",\"c\":\"gamma\",\"gone\":\"delta\"}}");
    SessionPatch patch = SessionPatch.builder("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", Instant.EPOCH, Instant.EPOCH.plusSeconds(9))
        .set("b", JsonNodeFactory.instance.textNode("now plain"), null)
        .set("d", JsonNodeFactory.instance.objectNode().put("w", 4), "delta")
        .remove("c")
        .build();
    ObjectNode written = ExpressSessionJson.parse(ExpressSessionJson.apply(stored, patch, ExpressCookieShape.defaults()));
    // a untouched keeps its type; b is plain now; c is gone; the entry of an attribute Node removed is dropped
    assertThat(written.get("sessions4j:types").toString()).isEqualTo("{\"a\":\"alpha\",\"d\":\"delta\"}");
    assertThat(ExpressSessionJson.attributes(written)).containsOnlyKeys("a", "b", "d");
  }

  @Test
  void withoutTypedAttributesNoTypeFieldIsWritten() {
    ObjectNode stored = ExpressSessionJson.parse("{\"cookie\":{\"expires\":null},\"a\":1,\"sessions4j:types\":{\"a\":\"alpha\"}}");
    SessionPatch patch = SessionPatch.builder("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", Instant.EPOCH, Instant.EPOCH.plusSeconds(9))
        .set("a", JsonNodeFactory.instance.numberNode(2), null).build();
    assertThat(ExpressSessionJson.apply(stored, patch, ExpressCookieShape.defaults()))
        .isEqualTo("{\"cookie\":{\"expires\":null},\"a\":2}");
  }

  @Test
  void anAttributeNamedLikeTheTypeFieldIsRefusedOnWrite() {
    SessionPatch patch = SessionPatch.builder("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", Instant.EPOCH, Instant.EPOCH.plusSeconds(9))
        .set("sessions4j:types", JsonNodeFactory.instance.textNode("x"), null).build();
    assertThatThrownBy(() -> ExpressSessionJson.apply(ExpressSessionJson.parse("{}"), patch, ExpressCookieShape.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sessions4j:types'");
  }

  @Test
  void documentsThatAreNotObjectsAreCorrupt() {
    assertThatThrownBy(() -> ExpressSessionJson.parse("[1]")).isInstanceOf(CorruptSessionException.class);
    assertThatThrownBy(() -> ExpressSessionJson.parse("{\"a\":")).isInstanceOf(CorruptSessionException.class);
  }

  @Test
  void versionChangesWithAnyWriteAndIsNeverNew() {
    assertThat(ExpressSessionJson.versionOf("{\"a\":1}")).isNotEqualTo(ExpressSessionJson.versionOf("{\"a\":2}"))
        .isPositive();
    // the first 15 hex digits of SHA-1, as the connect-redis scripts compute with redis.sha1hex
    assertThat(Long.toHexString(ExpressSessionJson.versionOf("abc"))).isEqualTo("a9993e364706816");
  }
}
