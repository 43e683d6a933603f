package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.core.compat.node.Keygrip;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.testing.TestExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * compat=cookie-session and compat=koa-session: the issue's keygrip vectors, and cookies captured
 * from the real packages ({@code node-interop/apps/capture-cookie-fixtures.mjs} →
 * {@code node-fixtures/cookie-sessions.json}) read and written by the engine.
 */
class NodeCookieCompatEngineTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:30:00Z"));

  static JsonNode fixtures() throws IOException {
    try (InputStream in = NodeCookieCompatEngineTest.class.getResourceAsStream("/node-fixtures/cookie-sessions.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  SessionManager manager(NodeCompat compat, String... keys) {
    return SessionManager.create(SessionConfig.builder().mode(SessionMode.COOKIE).compat(compat).compatSecrets(keys)
        .sameSite(null).maxAge(Duration.ofHours(1)).clock(clock).build());
  }

  static TestExchange request(SessionManager m, String cookieHeader, java.util.function.Consumer<Session> handler) {
    TestExchange ex = TestExchange.withCookieHeader(cookieHeader);
    Session s = m.load(ex).toCompletableFuture().join();
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  /** The Cookie header a browser sends back for these Set-Cookie headers. */
  static String cookieHeader(List<String> setCookies) {
    List<String> pairs = new ArrayList<>();
    for (String h : setCookies) {
      pairs.add(h.substring(0, h.indexOf(';')));
    }
    return String.join("; ", pairs);
  }

  @Test
  void issueVectorsSignLikeKeygrip() throws IOException {
    assertThat(Keygrip.sign("session=eyJtZXNzYWdlIjoiaGkifQ==", "a")).isEqualTo("vdp2-kj-91tgzbWcV1QzofT3hu0");
    assertThat(Keygrip.sign("session=eyJtZXNzYWdlIjoiaGkifQ==", "b")).isEqualTo("SiRRAEncekXEzVdvey_7SkWaMM4");
    for (JsonNode v : fixtures().get("keygrip")) {
      assertThat(Keygrip.sign(v.get("data").asText(), v.get("key").asText())).isEqualTo(v.get("signature").asText());
    }
    assertThat(Keygrip.index("session=eyJtZXNzYWdlIjoiaGkifQ==", "SiRRAEncekXEzVdvey_7SkWaMM4", List.of("a", "b"))).isEqualTo(1);
    assertThat(Keygrip.index("session=eyJtZXNzYWdlIjoiaGkifQ==", "SiRRAEncekXEzVdvey_7SkWaMM4", List.of("a"))).isEqualTo(-1);
  }

  @Test
  void cookieSessionsCookieIsReadAndWrittenBackExactlyAsCookieSessionWritesIt() throws IOException {
    List<String> nodeLogin = new ArrayList<>();
    fixtures().get("apps").get("cookie-session-app.mjs").get("login").forEach(h -> nodeLogin.add(h.asText()));
    SessionManager m = manager(NodeCompat.COOKIE_SESSION, "a", "b");
    request(m, cookieHeader(nodeLogin), s -> assertThat(s.get("passport")).isEqualTo(Map.of("user", "alice")));

    TestExchange written = request(m, null, s -> s.put("passport", Map.of("user", "alice")));
    List<String> ours = written.setCookies();
    assertThat(ours).hasSize(2);
    // same value and signature; the same attributes in the same order (the expiry is our clock's)
    assertThat(ours.get(0)).isEqualTo(nodeLogin.get(0).replaceAll("expires=[^;]+", "expires=Sun, 06 Dec 2026 18:30:00 GMT"));
    assertThat(ours.get(1)).isEqualTo(nodeLogin.get(1).replaceAll("expires=[^;]+", "expires=Sun, 06 Dec 2026 18:30:00 GMT"));
  }

  @Test
  void koaSessionsCookieIsReadWithItsExpiryAndWrittenWithExpireAndMaxAge() throws IOException {
    List<String> nodeLogin = new ArrayList<>();
    fixtures().get("apps").get("koa-app.mjs").get("login").forEach(h -> nodeLogin.add(h.asText()));
    SessionManager m = manager(NodeCompat.KOA_SESSION, "a", "b");
    request(m, cookieHeader(nodeLogin), s -> {
      assertThat(s.get("passport")).isEqualTo(Map.of("user", "alice"));
      assertThat(s.names()).containsExactly("passport");
      assertThat(s.expiresAt()).isEqualTo(Instant.ofEpochMilli(1796580493429L));
    });
    String value = request(m, null, s -> s.put("passport", Map.of("user", "bob"))).setCookies().get(0);
    String payload = new String(Base64.getDecoder().decode(value.substring("koa.sess=".length(), value.indexOf(';'))),
        StandardCharsets.UTF_8);
    assertThat(payload).isEqualTo("{\"passport\":{\"user\":\"bob\"},\"_expire\":" + clock.instant().plusSeconds(3600).toEpochMilli()
        + ",\"_maxAge\":3600000}");

    clock.advance(Duration.ofHours(2)); // past koa's _expire: gone, as koa-session drops it
    request(m, cookieHeader(nodeLogin), s -> assertThat(s.isNew()).isTrue());
  }

  @Test
  void cookieSignedWithAnOlderKeyIsReadAndResignedWithTheFirst() throws IOException {
    List<String> nodeLogin = new ArrayList<>();
    fixtures().get("apps").get("cookie-session-app.mjs").get("login").forEach(h -> nodeLogin.add(h.asText()));
    // the fixture was signed with "a"; an app rotated to [c, a] reads it and re-signs with c
    SessionManager rotated = manager(NodeCompat.COOKIE_SESSION, "c", "a");
    TestExchange ex = request(rotated, cookieHeader(nodeLogin), s -> assertThat(s.get("passport")).isNotNull());
    String value = "session=eyJwYXNzcG9ydCI6eyJ1c2VyIjoiYWxpY2UifX0=";
    assertThat(ex.setCookies()).anySatisfy(h -> assertThat(h).startsWith("session.sig=" + Keygrip.sign(value, "c") + ";"));
  }

  @Test
  void badOrMissingSignatureStartsAFreshSession() {
    SessionManager m = manager(NodeCompat.COOKIE_SESSION, "a", "b");
    for (String header : List.of("session=eyJwYXNzcG9ydCI6eyJ1c2VyIjoiYWxpY2UifX0=",
        "session=eyJwYXNzcG9ydCI6eyJ1c2VyIjoiYWxpY2UifX0=; session.sig=forged",
        "session=eyJwYXNzcG9ydCI6eyJ1c2VyIjoiZXZlIn19; session.sig=4xftsH3gL-aY8m96Zqvevax92rA",
        "session=!!!; session.sig=" + Keygrip.sign("session=!!!", "a"),
        "session=WzFd; session.sig=" + Keygrip.sign("session=WzFd", "a"))) {
      request(m, header, s -> assertThat(s.isNew()).as(header).isTrue());
    }
  }

  @Test
  void destroyClearsBothCookiesAsNodeDoes() throws IOException {
    SessionManager m = manager(NodeCompat.COOKIE_SESSION, "a", "b");
    String cookie = cookieHeader(request(m, null, s -> s.put("x", 1)).setCookies());
    List<String> cleared = request(m, cookie, Session::destroy).setCookies();
    List<String> nodeDestroy = new ArrayList<>();
    fixtures().get("apps").get("cookie-session-app.mjs").get("destroy").forEach(h -> nodeDestroy.add(h.asText()));
    assertThat(cleared).containsExactlyElementsOf(nodeDestroy);
  }

  @Test
  void cookieCompatNeedsItsModeAndItsSecrets() {
    assertThatThrownBy(() -> SessionConfig.builder().compat(NodeCompat.COOKIE_SESSION).compatSecrets("a").build())
        .hasMessageContaining("needs mode=COOKIE");
    assertThatThrownBy(() -> SessionConfig.builder().mode(SessionMode.COOKIE).compat(NodeCompat.EXPRESS_SESSION)
        .compatSecrets("a").build()).hasMessageContaining("needs mode=STORE");
    assertThatThrownBy(() -> SessionConfig.builder().mode(SessionMode.COOKIE).compat(NodeCompat.COOKIE_SESSION).build())
        .hasMessageContaining("compatSecrets");
    assertThat(SessionConfig.builder().mode(SessionMode.COOKIE).compat(NodeCompat.KOA_SESSION).compatSecrets("a")
        .build().cookieName()).isEqualTo("koa.sess");
  }

  // ---- koa-session's external-store mode (mode=store) ------------------------------------------

  SessionManager koaStore(String... keys) {
    return SessionManager.create(SessionConfig.builder().compat(NodeCompat.KOA_SESSION).compatSecrets(keys)
        .sameSite(null).maxAge(Duration.ofHours(1)).clock(clock).build());
  }

  @Test
  void koaStoreModeSendsTheExternalKeyAndItsKeygripSignatureAsKoaSessionDoes() {
    SessionManager m = koaStore("a", "b");
    List<String> set = request(m, null, s -> s.put("user", "alice")).setCookies();

    assertThat(set).hasSize(2);
    String key = set.get(0).substring("koa.sess=".length(), set.get(0).indexOf(';'));
    assertThat(java.util.UUID.fromString(key).toString()).isEqualTo(key);
    assertThat(set.get(0)).isEqualTo("koa.sess=" + key + "; path=/; expires=Sun, 06 Dec 2026 18:30:00 GMT; httponly");
    assertThat(set.get(1)).isEqualTo("koa.sess.sig=" + Keygrip.sign("koa.sess=" + key, "a")
        + "; path=/; expires=Sun, 06 Dec 2026 18:30:00 GMT; httponly");
    request(m, cookieHeader(set), s -> assertThat(s.get("user")).isEqualTo("alice"));
  }

  @Test
  void koaStoreModeReSignsAKeySignedWithAnOlderKeyAndRefusesABadOrMissingSignature() {
    SessionManager m = koaStore("a", "b");
    String key = cookieHeader(request(m, null, s -> s.put("user", "alice")).setCookies()).split("[=;]")[1];

    TestExchange old = request(m, "koa.sess=" + key + "; koa.sess.sig=" + Keygrip.sign("koa.sess=" + key, "b"),
        s -> assertThat(s.get("user")).isEqualTo("alice"));
    assertThat(old.setCookies()).anySatisfy(h -> assertThat(h)
        .startsWith("koa.sess.sig=" + Keygrip.sign("koa.sess=" + key, "a") + ";"));
    for (String forged : List.of("koa.sess=" + key + "; koa.sess.sig=forged", "koa.sess=" + key)) {
      request(m, forged, s -> assertThat(s.isNew()).as(forged).isTrue());
    }
  }

  @Test
  void koaStoreModeMakesUuidIdsUnlessTheApplicationGivesAGenerator() {
    SessionConfig config = SessionConfig.builder().compat(NodeCompat.KOA_SESSION).compatSecrets("a").build();
    assertThat(config.cookieName()).isEqualTo("koa.sess");
    String id = config.idGenerator().generate();
    assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
  }
}
