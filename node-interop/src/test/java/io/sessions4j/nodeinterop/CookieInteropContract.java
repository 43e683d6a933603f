package io.sessions4j.nodeinterop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.compat.node.NodeCompat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both directions between a Node app whose session cookies are keygrip-signed pairs (cookie-session
 * on Express and koa-session on Koa keeping the whole session in them; koa-session in its
 * external-store mode keeping only the key) and a sessions4j engine with the matching {@code compat}: log in on Node → Java sees the user; change on Java → Node sees it; destroy on either →
 * the browser holds no session for either; key rotation on both sides. The browser is a cookie jar
 * of the two cookies ({@code name}, {@code name.sig}), updated by whichever side answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CookieInteropContract {
  private final Map<List<String>, NodeApp> nodeApps = new HashMap<>();

  abstract String script();

  abstract NodeCompat compat();

  abstract String cookieName();

  /** The environment of the Node app beyond its keys (e.g. the store it uses). */
  Map<String, String> nodeEnv() {
    return Map.of();
  }

  /** The Java engine's options beyond compat, its secrets and maxAge: cookie mode by default. */
  SessionConfig.Builder javaOptions(SessionConfig.Builder builder) {
    return builder.mode(SessionMode.COOKIE);
  }

  @AfterAll
  void stopApps() {
    nodeApps.values().forEach(NodeApp::close);
  }

  NodeApp node(String... keys) {
    return nodeApps.computeIfAbsent(List.of(keys), k -> {
      StringBuilder json = new StringBuilder("[");
      for (String key : k) {
        json.append(json.length() > 1 ? "," : "").append('"').append(key).append('"');
      }
      Map<String, String> env = new HashMap<>(nodeEnv());
      env.put("KEYS", json.append(']').toString());
      return NodeApp.start(script(), env);
    });
  }

  SessionManager java(String... keys) {
    return SessionManager.create(javaOptions(SessionConfig.builder()).compat(compat())
        .compatSecrets(keys).maxAge(Duration.ofHours(1)).build());
  }

  @Test
  void loginOnNodeIsSeenByJava() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    assertThat(browser.jar).containsKeys(cookieName(), cookieName() + ".sig");
    browser.request(java("a", "b"), s -> assertThat(s.get("passport")).isEqualTo(Map.of("user", "alice")));
  }

  @Test
  void changeOnJavaIsSeenByNode() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    browser.request(java("a", "b"), s -> s.put("cart", "book"));
    JsonNode session = browser.get(node("a", "b"), "/view").get("session");
    assertThat(session.get("cart").asText()).isEqualTo("book");
    assertThat(session.get("passport").get("user").asText()).isEqualTo("alice");
  }

  @Test
  void sessionStartedOnJavaIsSeenByNodeAndChangedThere() {
    CookieBrowser browser = new CookieBrowser();
    browser.request(java("a", "b"), s -> s.put("passport", Map.of("user", "bob")));
    assertThat(browser.get(node("a", "b"), "/view").get("session").get("passport").get("user").asText()).isEqualTo("bob");
    browser.get(node("a", "b"), "/set?theme=dark");
    browser.request(java("a", "b"), s -> {
      assertThat(s.get("theme")).isEqualTo("dark");
      assertThat(s.get("passport")).isEqualTo(Map.of("user", "bob"));
    });
  }

  /** A type the Java side registers ({@code allowType}); Node sees its plain JSON. */
  record Cart(List<String> items) {}

  @Test
  void aTypedAttributeJavaWroteSurvivesANodeWriteAndComesBackAsItsType() {
    SessionManager java = SessionManager.create(javaOptions(SessionConfig.builder()).compat(compat())
        .compatSecrets("a", "b").maxAge(Duration.ofHours(1)).allowType("cart", Cart.class).build());
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    browser.request(java, s -> s.put("cart", new Cart(List.of("apple"))));
    browser.get(node("a", "b"), "/set?theme=dark");
    JsonNode seenByNode = browser.get(node("a", "b"), "/view").get("session");
    assertThat(seenByNode.get("cart").toString()).as("Node sees the plain JSON").isEqualTo("{\"items\":[\"apple\"]}");
    browser.request(java, s -> {
      assertThat(s.get("theme")).isEqualTo("dark");
      assertThat(s.get("cart")).as("the type survived Node's write").isEqualTo(new Cart(List.of("apple")));
    });
  }

  @Test
  void destroyOnNodeIsGoneOnJava() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    browser.get(node("a", "b"), "/destroy");
    assertThat(browser.jar).doesNotContainKey(cookieName());
    browser.request(java("a", "b"), s -> assertThat(s.isNew()).isTrue());
  }

  @Test
  void destroyOnJavaIsGoneOnNode() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("a", "b"), "/login?user=alice");
    browser.request(java("a", "b"), Session::destroy);
    assertThat(browser.jar).doesNotContainKey(cookieName());
    assertThat(browser.get(node("a", "b"), "/view").get("session").has("passport")).isFalse();
  }

  @Test
  void keyRotationOnBothSides() {
    CookieBrowser browser = new CookieBrowser();
    browser.get(node("old"), "/login?user=alice");
    browser.request(java("new", "old"), s -> assertThat(s.get("passport")).isEqualTo(Map.of("user", "alice")));
    // re-signed with the new key: a Node app that knows only the new key reads it
    assertThat(browser.get(node("new"), "/view").get("session").get("passport").get("user").asText()).isEqualTo("alice");

    CookieBrowser other = new CookieBrowser();
    other.request(java("old"), s -> s.put("passport", Map.of("user", "carol")));
    assertThat(other.get(node("new", "old"), "/view").get("session").get("passport").get("user").asText()).isEqualTo("carol");

    CookieBrowser stranger = new CookieBrowser();
    stranger.request(java("old"), s -> s.put("passport", Map.of("user", "dave")));
    assertThat(stranger.get(node("new"), "/view").get("session").has("passport")).isFalse();
  }
}
