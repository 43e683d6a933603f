package io.sessions4j.core.compat.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * express-session's id cookie: the issue's vectors and vectors captured from the real package
 * ({@code node-interop/apps/capture-express-fixtures.mjs} → {@code node-fixtures/express-session.json}).
 */
class ExpressSessionCookieTest {

  static JsonNode fixtures() throws IOException {
    try (InputStream in = ExpressSessionCookieTest.class.getResourceAsStream("/node-fixtures/express-session.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void issueVectorsSignLikeExpressSession() {
    assertThat(ExpressSessionCookie.cookieValue("apple", "keyboard cat"))
        .isEqualTo("s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU");
    assertThat(ExpressSessionCookie.cookieValue("/foo", "keyboard cat"))
        .isEqualTo("s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ");
  }

  @Test
  void capturedSignaturesMatchAndVerify() throws IOException {
    for (JsonNode v : fixtures().get("signatures")) {
      String id = v.get("id").asText();
      String secret = v.get("secret").asText();
      String value = v.get("cookieValue").asText();
      assertThat(ExpressSessionCookie.cookieValue(id, secret)).as(id + " / " + secret).isEqualTo(value);
      assertThat(ExpressSessionCookie.unsign(value, List.of(secret)).id()).isEqualTo(id);
    }
  }

  @Test
  void firstSecretSignsAndEverySecretVerifies() {
    String byOld = ExpressSessionCookie.cookieValue("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", "old secret");
    ExpressSessionCookie.Verified verified = ExpressSessionCookie.unsign(byOld, List.of("new secret", "old secret"));
    assertThat(verified.id()).isEqualTo("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN");
    assertThat(verified.secretIndex()).isEqualTo(1);
    assertThat(ExpressSessionCookie.unsign(byOld, List.of("new secret"))).isNull();
  }

  @Test
  void tamperedUnsignedAndMalformedValuesCarryNoId() {
    String good = ExpressSessionCookie.cookieValue("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", "keyboard cat");
    List<String> secrets = List.of("keyboard cat");
    assertThat(ExpressSessionCookie.unsign(good.replace("8mTj", "9mTj"), secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign(good.substring(0, good.length() - 1), secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("s%3A", secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("s%3Anodot", secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("s%3A%ZZ.x", secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("s%3A%C3%28.x", secrets)).isNull();
    assertThat(ExpressSessionCookie.unsign("", secrets)).isNull();
  }

  @Test
  void unencodedSignedValueIsReadAsCookieParseWouldLeaveIt() {
    String raw = ExpressSessionCookie.sign("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN", "keyboard cat");
    assertThat(ExpressSessionCookie.unsign(raw, List.of("keyboard cat")).id()).isEqualTo("8mTjwVfwq0E1b0ZkPkUPVzi07tAF0YAN");
  }

  @Test
  void setCookieIsWrittenAsExpressSessionWritesIt() throws IOException {
    DateTimeFormatter utc = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    for (JsonNode v : fixtures().get("setCookies")) {
      String captured = v.get("setCookie").asText();
      String id = v.get("id").asText();
      JsonNode options = v.get("cookieOptions");
      Instant expires = null;
      int at = captured.indexOf("Expires=");
      if (at >= 0) {
        expires = Instant.from(utc.parse(captured.substring(at + 8, captured.indexOf(';', at))));
      }
      String sameSite = options.has("sameSite") ? "Lax" : null;
      String ours = ExpressSessionCookie.setCookie("connect.sid", ExpressSessionCookie.cookieValue(id, "keyboard cat"),
          options.path("domain").asText(null), options.path("path").asText("/"), expires, true,
          options.path("secure").asBoolean(false), false, null, sameSite);
      assertThat(ours).isEqualTo(captured);
      assertThat(ours).doesNotContain("Max-Age");
    }
  }

  @Test
  void uidSafeIdsAreWhatExpressSessionGenerates() {
    String id = UidSafeIds.generator().generate();
    assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]{32}");
    assertThat(UidSafeIds.generator().generate()).isNotEqualTo(id);
    assertThat(io.sessions4j.core.id.SessionIds.isWellFormed(id)).isTrue();
  }
}
