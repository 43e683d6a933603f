package io.sessions4j.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.core.CookieProtection;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.IdTokens;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.http.CookieHeader;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz tests of everything a client controls. In a normal build they replay the
 * committed seed corpus (src/test/resources/.../ClientInputFuzzTestInputs/&lt;method&gt;) — regression
 * mode; {@code scripts/fuzz} runs a real campaign ({@code JAZZER_FUZZ=1}). Any uncaught exception
 * is a finding.
 */
class ClientInputFuzzTest {
  static final String KEY = "fuzz-test-key-0123456789abcdef-0123";
  static final KeyRing KEYS = KeyRing.fromSecrets(List.of(KEY));
  static final CookieSealer SIGNED = CookieSealer.signed(KEYS, 64);
  static final CookieSealer ENCRYPTED = CookieSealer.encrypted(KEYS, 64);
  static final AttributeCodec CODEC = new AttributeCodec(Map.of("cart", Cart.class));
  static final SessionManager STORE_MODE = SessionManager.create(SessionConfig.builder().keys(KEY).build());
  static final SessionManager COOKIE_MODE = SessionManager.create(
      SessionConfig.builder().mode(SessionMode.COOKIE).keys(KEY).build());
  static final SessionManager SIGNED_COOKIE_MODE = SessionManager.create(SessionConfig.builder()
      .mode(SessionMode.COOKIE).cookieProtection(CookieProtection.SIGNED).keys(KEY).build());
  static final SessionManager UNSIGNED_STORE_MODE = SessionManager.create(SessionConfig.builder().build());

  record Cart(List<String> items) {}

  /** The only payloads ever sealed with {@link #KEY} (the seed corpus holds cookies of them). */
  static final List<String> SEALED_PAYLOADS = List.of(
      "{\"v\":1,\"a\":{\"user\":\"ada\",\"n\":3,\"cart\":[\"apple\"]},\"c\":1,\"l\":1,\"e\":99999999999999}",
      "{\"v\":1,\"a\":{\"x\":\"" + "y".repeat(300) + "\"}}");
  static final Map<String, Object> SEALED_ATTRIBUTES = Map.of("user", "ada", "n", 3, "cart", List.of("apple"));

  /** An opened value must be exactly something sealed here; anything else is a forgery. */
  static void assertNotForged(CookieSealer.Opened opened) {
    if (opened != null) {
      assertThat(SEALED_PAYLOADS).contains(new String(opened.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @FuzzTest(maxDuration = "3m")
  void cookieHeaderParsingNeverThrows(FuzzedDataProvider data) {
    String name = data.consumeString(16);
    List<String> values = CookieHeader.values(List.of(data.consumeRemainingAsString()), name);
    assertThat(values).doesNotContainNull();
  }

  @FuzzTest(maxDuration = "3m")
  void signedCookieOpeningNeverAcceptsAForgery(FuzzedDataProvider data) {
    assertNotForged(SIGNED.open("sid", data.consumeRemainingAsString()));
  }

  @FuzzTest(maxDuration = "3m")
  void encryptedCookieOpeningNeverAcceptsAForgery(FuzzedDataProvider data) {
    assertNotForged(ENCRYPTED.open("sid", data.consumeRemainingAsString()));
  }

  /** The only id ever sealed into an id token with {@link #KEY} (the seed corpus holds its token). */
  static final String SEALED_ID = "fuzz-session-id-0000000001";
  static final IdTokens ID_TOKENS = new IdTokens(KEYS);

  @FuzzTest(maxDuration = "3m")
  void idTokenOpeningNeverAcceptsAForgery(FuzzedDataProvider data) {
    String token = data.consumeRemainingAsString();
    IdTokens.Opened opened = ID_TOKENS.open("sid", token);
    if (opened != null) {
      assertThat(opened.id()).isEqualTo(SEALED_ID);
      assertThat(token).isEqualTo(ID_TOKENS.seal("sid", SEALED_ID));
    }
    IdTokens.isWellFormed(token);
  }

  @FuzzTest(maxDuration = "3m")
  void idRulesNeverThrow(FuzzedDataProvider data) {
    String id = data.consumeRemainingAsString();
    boolean wellFormed = SessionIds.isWellFormed(id);
    assertThat(SessionIds.redact(id)).hasSizeLessThanOrEqualTo(7);
    if (wellFormed) {
      assertThat(id).matches("[A-Za-z0-9._~-]{16,256}");
    }
  }

  @FuzzTest(maxDuration = "3m")
  void attributeDecodingFailsOnlyAsCorrupt(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    SessionDocument doc;
    try {
      doc = CODEC.decode(bytes);
    } catch (CorruptSessionException expected) {
      return;
    }
    doc.attributes().forEach((name, tree) -> {
      try {
        CODEC.fromTree(tree, doc.types().get(name));
      } catch (CorruptSessionException expected) {
        // a registered type that does not bind is corrupt data, reported as such
      }
    });
  }

  /** The whole load path — header parsing, unsealing, id rules, decoding — on arbitrary headers. */
  @FuzzTest(maxDuration = "3m")
  void loadingARequestWithAnyCookieHeaderGivesASessionNeverAnError(FuzzedDataProvider data) {
    String cookieHeader = data.consumeString(8192);
    String idHeader = data.consumeRemainingAsString();
    for (SessionManager manager : List.of(STORE_MODE, COOKIE_MODE, SIGNED_COOKIE_MODE, UNSIGNED_STORE_MODE)) {
      Session session = manager.load(new Exchange(cookieHeader, idHeader)).toCompletableFuture().join();
      if (session.isNew()) {
        assertThat(session.attributes()).isEmpty();
      } else {
        assertThat(session.attributes()).as("only a cookie sealed here opens a session").isEqualTo(SEALED_ATTRIBUTES);
      }
    }
  }

  /**
   * A request that is fuzzed input everywhere: the Cookie header carries both inputs, every other
   * header name and the peer address answer the second one, and responses are dropped. Kept here
   * rather than built with session-testing's {@code TestExchange}: that one answers only the
   * headers a test names, and the point here is that no header the engine may read is left out.
   */
  record Exchange(String cookie, String other) implements HttpExchange {
    @Override
    public List<String> requestHeaders(String name) {
      return name.equalsIgnoreCase("Cookie") ? List.of(cookie, other) : List.of(other);
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String remoteAddress() {
      return other;
    }

    @Override
    public List<String> responseHeaders(String name) {
      return List.of();
    }

    @Override
    public void setResponseHeaders(String name, List<String> values) {}

    @Override
    public void addResponseHeader(String name, String value) {}

    @Override
    public boolean isResponseCommitted() {
      return false;
    }
  }
}
