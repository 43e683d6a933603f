package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.http.CookiePriority;
import io.sessions4j.core.http.SameSite;
import io.sessions4j.core.id.SessionIdGenerator;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Wire-format vectors: the exact Set-Cookie headers, stored documents and sealed cookies the engine
 * writes for fixed keys, clock and ids. The expected values were captured from the engine before it
 * was cut into parts (issue 11); any change here is a change of wire format and needs a new version
 * tag (see {@code WIRE-FORMATS.md}), not an edit of the vector.
 */
class WireFormatVectorsTest {
  static final String KEY = "wire-format-vectors-key-0123456789abcdef";
  static final String OLDER_KEY = "wire-format-vectors-older-key-0123456789";
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  /** A registered (allow-listed) attribute type. */
  record Point(int x, int y) {}

  final MutableClock clock = new MutableClock(START);
  final MemoryStore store = MemoryStore.builder().clock(clock).promptExpiry(false).build();
  final AtomicInteger ids = new AtomicInteger();
  final SessionIdGenerator sequentialIds = () -> String.format("vector-session-id-%04d", ids.incrementAndGet());

  SessionManager storeMode(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().keys(KEY).store(store).clock(clock)
        .idGenerator(sequentialIds).allowType("point", Point.class)).build());
  }

  SessionManager cookieMode(UnaryOperator<SessionConfig.Builder> options) {
    return SessionManager.create(options.apply(SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY)
        .clock(clock).allowType("point", Point.class)).build());
  }

  static TestExchange request(SessionManager m, TestExchange ex, Consumer<Session> handler) {
    Session s = m.open(ex);
    handler.accept(s);
    m.commit(ex, s).toCompletableFuture().join();
    return ex;
  }

  static TestExchange request(SessionManager m, String cookie, Consumer<Session> handler) {
    return request(m, TestExchange.withCookieHeader(cookie), handler);
  }

  /** One attribute of every kind the codec writes. */
  static void putEveryKind(Session s) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("theme", "dark");
    map.put("size", 3);
    map.put("nested", List.of(true, false));
    s.put("name", "Ada Lovelace — café ✓ 😀");
    s.put("count", 42);
    s.put("big", 9_007_199_254_740_993L);
    s.put("ratio", 0.25);
    s.put("flag", true);
    s.put("list", List.of(1, "two", 3.5));
    s.put("map", map);
    s.put("point", new Point(3, -4));
  }

  /** A stored record: its document, then its times, version and principal (the stores' columns). */
  String stored(String id) {
    StoredSession record = store.get(id).toCompletableFuture().join().orElseThrow();
    return new String(record.data(), StandardCharsets.UTF_8) + "\n" + record.createdAt() + " "
        + record.lastAccessedAt() + " " + record.expiresAt() + " v" + record.version() + " " + record.principal();
  }

  /** The one Set-Cookie header of a response. */
  static String setCookie(TestExchange ex) {
    assertThat(ex.setCookies()).hasSize(1);
    return ex.setCookies().get(0);
  }

  /** Asserts one vector; {@code name} says which in the failure message. */
  static void vector(String name, String actual, String expected) {
    assertThat(actual).as(name).isEqualTo(expected);
  }

  static String valueOf(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  static String attributesOf(String setCookie) {
    return setCookie.substring(setCookie.indexOf(';'));
  }

  // ---- store mode -----------------------------------------------------------------------------

  @Test
  void storeModeNewSessionCookieAndStoredDocument() {
    SessionManager m = storeMode(b -> b);
    TestExchange ex = request(m, (String) null, WireFormatVectorsTest::putEveryKind);
    vector("new session id cookie", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
    vector("new session document", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"name\":\"Ada Lovelace \u2014 caf\u00e9 \u2713 \\uD83D\\uDE00\",\"count\":42,\"big\":9007199254740993,\"ratio\":0.25,\"flag\":true,\"list\":[1,\"two\",3.5],\"map\":{\"theme\":\"dark\",\"size\":3,\"nested\":[true,false]},\"point\":{\"x\":3,\"y\":-4}},\"t\":{\"point\":\"point\"}}\n2026-03-01T12:00:00Z 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z v1 null");
  }

  @Test
  void storeModeCookieResentAfterAChangeAndThePatchedDocument() {
    SessionManager m = storeMode(b -> b);
    String cookie = request(m, (String) null, WireFormatVectorsTest::putEveryKind).sessionCookie("sid");
    clock.advance(Duration.ofMinutes(90));
    TestExchange ex = request(m, cookie, s -> {
      s.put("count", 43);
      s.remove("list");
      s.put("added", "later");
    });
    vector("id cookie re-sent after a change", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 13:30:00 GMT; HttpOnly; SameSite=Lax");
    vector("patched document", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"name\":\"Ada Lovelace \u2014 caf\u00e9 \u2713 \\uD83D\\uDE00\",\"count\":43,\"big\":9007199254740993,\"ratio\":0.25,\"flag\":true,\"map\":{\"theme\":\"dark\",\"size\":3,\"nested\":[true,false]},\"point\":{\"x\":3,\"y\":-4},\"added\":\"later\"},\"t\":{\"point\":\"point\"}}\n2026-03-01T12:00:00Z 2026-03-01T13:30:00Z 2026-03-02T13:30:00Z v2 null");
  }

  @Test
  void storeModeMaxAgeOverrideIsStoredAndSent() {
    SessionManager m = storeMode(b -> b);
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofSeconds(30));
    TestExchange ex = request(m, cookie, s -> s.maxAge(Duration.ofDays(30)));
    vector("id cookie with a max age override", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=2592000; Expires=Tue, 31 Mar 2026 12:00:30 GMT; HttpOnly; SameSite=Lax");
    vector("document with a max age override", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"a\":1},\"m\":2592000000}\n2026-03-01T12:00:00Z 2026-03-01T12:00:30Z 2026-03-31T12:00:30Z v2 null");
  }

  @Test
  void storeModeClearedCookieOnDestroy() {
    SessionManager m = storeMode(b -> b);
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, Session::destroy);
    vector("cleared id cookie", setCookie(ex),
        "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void storeModeTouchMovesOnlyTheRecordsTimes() {
    SessionManager m = storeMode(b -> b);
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofHours(3));
    TestExchange ex = request(m, cookie, s -> s.get("a"));
    assertThat(ex.setCookies()).isEmpty();
    vector("touched record", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"a\":1}}\n2026-03-01T12:00:00Z 2026-03-01T15:00:00Z 2026-03-02T15:00:00Z v1 null");
  }

  @Test
  void storeModeRenewKeepsTheCookieExpiryInTheDocument() {
    SessionManager m = storeMode(b -> b.renew(true));
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    vector("document with renew", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"a\":1},\"k\":1772452800000}\n2026-03-01T12:00:00Z 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z v1 null");
    clock.advance(Duration.ofHours(13));
    TestExchange ex = request(m, cookie, s -> s.get("a"));
    vector("renewed id cookie", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=86400; Expires=Tue, 03 Mar 2026 01:00:00 GMT; HttpOnly; SameSite=Lax");
    vector("renewed document", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"a\":1},\"k\":1772499600000}\n2026-03-01T12:00:00Z 2026-03-02T01:00:00Z 2026-03-03T01:00:00Z v2 null");
  }

  @Test
  void storeModeRegeneratedSessionCookie() {
    SessionManager m = storeMode(b -> b.principalAttribute("user"));
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, s -> {
      s.changeId();
      s.put("user", "ada");
    });
    vector("id cookie after changeId", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0002.CpfF9IGwq1JSiwfvjELHOJpWG-RcfIonVxaTuQa2uVk; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
    vector("document under the new id", stored("vector-session-id-0002"),
        "{\"v\":1,\"a\":{\"a\":1,\"user\":\"ada\"}}\n2026-03-01T12:00:00Z 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z v1 ada");
  }

  @Test
  void storeModeEveryCookieAttributeBehindATrustedProxy() {
    SessionManager m = storeMode(b -> b.cookieName("app_session").cookiePath("/app").cookieDomain("example.com")
        .secure(SessionConfig.Secure.AUTO).trustProxy(true).sameSite(SameSite.NONE).partitioned(true)
        .priority(CookiePriority.HIGH).maxAge(Duration.ofHours(1)));
    TestExchange ex = TestExchange.request().header("X-Forwarded-Proto", "https, http").build();
    request(m, ex, s -> s.put("a", 1));
    vector("id cookie with every attribute", setCookie(ex),
        "app_session=i1.pfwchA.vector-session-id-0001.iXxzqmZcOwzeYhavM9bjblGdcprgCAScq3fHhw5zWgU; Path=/app; Domain=example.com; Max-Age=3600; Expires=Sun, 01 Mar 2026 13:00:00 GMT; Secure; HttpOnly; SameSite=None; Partitioned; Priority=High");
  }

  @Test
  void storeModeBrowserSessionCookieWithoutKeysAndTheIdHeader() {
    SessionManager m = SessionManager.create(SessionConfig.builder().store(store).clock(clock)
        .idGenerator(sequentialIds).maxAge(null).idHeader("X-Session-Id").build());
    TestExchange ex = request(m, (String) null, s -> s.put("a", "b"));
    vector("unsigned browser-session id cookie", setCookie(ex),
        "sid=vector-session-id-0001; Path=/; HttpOnly; SameSite=Lax");
    vector("id header", String.join("\n", ex.responseHeaders("X-Session-Id")),
        "vector-session-id-0001");
    vector("document of a browser-session cookie", stored("vector-session-id-0001"),
        "{\"v\":1,\"a\":{\"a\":\"b\"}}\n2026-03-01T12:00:00Z 2026-03-01T12:00:00Z 2026-03-02T12:00:00Z v1 null");
  }

  @Test
  void storeModeIdSignedWithAnOlderKeyIsReissuedUnderTheFirst() {
    SessionManager old = SessionManager.create(SessionConfig.builder().keys(OLDER_KEY).store(store).clock(clock)
        .idGenerator(sequentialIds).build());
    String cookie = request(old, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    vector("id cookie under the older key", cookie,
        "sid=i1.JGWNWA.vector-session-id-0001.3giZinFfEn-xhMM3J_-fpb68gSS_dwxv8COulOZ9fQ0");
    SessionManager rotated = SessionManager.create(SessionConfig.builder().keys(KEY, OLDER_KEY).store(store)
        .clock(clock).idGenerator(sequentialIds).build());
    TestExchange ex = request(rotated, cookie, s -> s.put("a", 2));
    vector("id cookie reissued under the first key", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void storeModeIdTokenOfTheEarlierS1FormatIsReadAndReissuedAsI1() {
    // what versions before the i1 id token sent for vector-session-id-0001 under KEY
    String s1Cookie = "sid=s1.pfwchA.dmVjdG9yLXNlc3Npb24taWQtMDAwMQ.EHLilTP7ghLng-ol1Yv7REx6B1iG3rJ8nQ3ZBkcX8qQ";
    SessionManager m = storeMode(b -> b);
    request(m, (String) null, s -> s.put("a", 1)); // stores vector-session-id-0001
    TestExchange ex = request(m, s1Cookie, s -> assertThat(s.get("a")).isEqualTo(1));
    vector("s1 id token re-issued as i1 on a request that only read", setCookie(ex),
        "sid=i1.pfwchA.vector-session-id-0001.VZ6gJoxIzr_02HMvgoDhPOUxEcPCh1ctNaQyeSU-U7M; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void storeModeIdTokenWithAnApplicationContext() {
    SessionManager m = storeMode(b -> b.keyContext("shop"));
    TestExchange ex = request(m, (String) null, s -> s.put("a", 1));
    vector("id cookie with keyContext=shop", ex.sessionCookie("sid"),
        "sid=i1.pfwchA.vector-session-id-0001.Fewdx1lJTJENxq-7HFEai9RpFEYr4TdgESyzvMQTvDw");
  }

  // ---- cookie mode ----------------------------------------------------------------------------

  @Test
  void cookieModeSignedCookie() {
    SessionManager m = cookieMode(b -> b.cookieProtection(CookieProtection.SIGNED));
    TestExchange ex = request(m, (String) null, WireFormatVectorsTest::putEveryKind);
    vector("signed session cookie", setCookie(ex),
        "sid=s1.pfwchA.eyJ2IjoxLCJhIjp7Im5hbWUiOiJBZGEgTG92ZWxhY2Ug4oCUIGNhZsOpIOKckyBcdUQ4M0RcdURFMDAiLCJjb3VudCI6NDIsImJpZyI6OTAwNzE5OTI1NDc0MDk5MywicmF0aW8iOjAuMjUsImZsYWciOnRydWUsImxpc3QiOlsxLCJ0d28iLDMuNV0sIm1hcCI6eyJ0aGVtZSI6ImRhcmsiLCJzaXplIjozLCJuZXN0ZWQiOlt0cnVlLGZhbHNlXX0sInBvaW50Ijp7IngiOjMsInkiOi00fX0sInQiOnsicG9pbnQiOiJwb2ludCJ9LCJjIjoxNzcyMzY2NDAwMDAwLCJsIjoxNzcyMzY2NDAwMDAwLCJlIjoxNzcyNDUyODAwMDAwLCJrIjoxNzcyNDUyODAwMDAwfQ.WG5iK0LN3PYTWvPOXF8yw_3CW3BQbsYbfzfbLgc3HsM; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void cookieModeSignedCookieAfterAChange() {
    SessionManager m = cookieMode(b -> b.cookieProtection(CookieProtection.SIGNED).idleTimeout(Duration.ofHours(2)));
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    clock.advance(Duration.ofMinutes(10));
    TestExchange ex = request(m, cookie, s -> s.put("a", 2));
    vector("signed session cookie after a change", setCookie(ex),
        "sid=s1.pfwchA.eyJ2IjoxLCJhIjp7ImEiOjJ9LCJjIjoxNzcyMzY2NDAwMDAwLCJsIjoxNzcyMzY3MDAwMDAwLCJlIjoxNzcyMzc0MjAwMDAwLCJrIjoxNzcyNDUzNDAwMDAwfQ.inDUFZE-rp_LqtCiE3lqgqY6nQE0gYjQ8OioKTSKHJY; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:10:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void cookieModeClearedCookie() {
    SessionManager m = cookieMode(b -> b.cookieProtection(CookieProtection.SIGNED));
    String cookie = request(m, (String) null, s -> s.put("a", 1)).sessionCookie("sid");
    TestExchange ex = request(m, cookie, Session::destroy);
    vector("cleared session cookie", setCookie(ex),
        "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void cookieModeEncryptedCookieOpensToTheDocument() {
    SessionManager m = cookieMode(b -> b);
    TestExchange ex = request(m, (String) null, WireFormatVectorsTest::putEveryKind);
    assertThat(ex.setCookies()).hasSize(1);
    String header = ex.setCookies().get(0);
    String value = valueOf(header);
    assertThat(header).startsWith("sid=");
    vector("encrypted cookie prefix", value.substring(0, value.indexOf('.', value.indexOf('.') + 1) + 1),
        "e1.pfwchA.");
    vector("encrypted cookie length", String.valueOf(value.length()),
        "465");
    vector("encrypted cookie attributes", attributesOf(header),
        "; Path=/; Max-Age=86400; Expires=Mon, 02 Mar 2026 12:00:00 GMT; HttpOnly; SameSite=Lax");
    CookieSealer.Opened opened = CookieSealer.encrypted(KeyRing.fromSecrets(List.of(KEY)), 0).open("sid", value);
    assertThat(opened).isNotNull();
    assertThat(opened.sealedWithOlderKey()).isFalse();
    vector("encrypted cookie document", new String(opened.payload(), StandardCharsets.UTF_8),
        "{\"v\":1,\"a\":{\"name\":\"Ada Lovelace \u2014 caf\u00e9 \u2713 \\uD83D\\uDE00\",\"count\":42,\"big\":9007199254740993,\"ratio\":0.25,\"flag\":true,\"list\":[1,\"two\",3.5],\"map\":{\"theme\":\"dark\",\"size\":3,\"nested\":[true,false]},\"point\":{\"x\":3,\"y\":-4}},\"t\":{\"point\":\"point\"},\"c\":1772366400000,\"l\":1772366400000,\"e\":1772452800000,\"k\":1772452800000}");
  }

  @Test
  void cookieModeCompressedSignedCookieOpensToTheDocument() {
    SessionManager m = cookieMode(b -> b.cookieProtection(CookieProtection.SIGNED).compressAbove(64));
    TestExchange ex = request(m, (String) null, s -> s.put("text", "abc".repeat(100)));
    String value = valueOf(ex.setCookies().get(0));
    vector("compressed cookie prefix", value.substring(0, value.indexOf('.', value.indexOf('.') + 1) + 1),
        "s1z.pfwchA.");
    CookieSealer.Opened opened = CookieSealer.signed(KeyRing.fromSecrets(List.of(KEY)), 0).open("sid", value);
    vector("compressed cookie document", new String(opened.payload(), StandardCharsets.UTF_8),
        "{\"v\":1,\"a\":{\"text\":\"abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc\"},\"c\":1772366400000,\"l\":1772366400000,\"e\":1772452800000,\"k\":1772452800000}");
  }

  // ---- the patch format -----------------------------------------------------------------------

  @Test
  void sessionPatchAppliedToAStoredDocument() {
    SessionManager m = storeMode(b -> b);
    request(m, (String) null, WireFormatVectorsTest::putEveryKind);
    byte[] before = store.get("vector-session-id-0001").toCompletableFuture().join().orElseThrow().data();
    SessionPatch patch = SessionPatch.builder("vector-session-id-0001", START.plusSeconds(60), START.plusSeconds(3600))
        .set("count", IntNode.valueOf(7), null)
        .set("fresh", TextNode.valueOf("new value"), null)
        .remove("map")
        .remove("absent")
        .maxAgeMillis(600_000)
        .cookieExpiresAt(START.plusSeconds(600).toEpochMilli())
        .build();
    vector("patch applied to a document", new String(patch.applyTo(before), StandardCharsets.UTF_8),
        "{\"v\":1,\"a\":{\"name\":\"Ada Lovelace \u2014 caf\u00e9 \u2713 \\uD83D\\uDE00\",\"count\":7,\"big\":9007199254740993,\"ratio\":0.25,\"flag\":true,\"list\":[1,\"two\",3.5],\"point\":{\"x\":3,\"y\":-4},\"fresh\":\"new value\"},\"t\":{\"point\":\"point\"},\"m\":600000,\"k\":1772367000000}");
  }
}
