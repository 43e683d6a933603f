package io.sessions4j.nodeinterop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both directions between the Express app ({@code apps/express-app.mjs}: express-session with a
 * Node store) and a sessions4j engine with {@code compat=express-session} on the same store, secret
 * and cookie: log in on Node → Java sees the user; change on Java → Node sees it; destroy on either
 * → gone on both; key rotation on both sides; and concurrent writers from both sides. A "browser"
 * is the connect.sid cookie carried from one response to the next request, whichever side answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExpressInteropContract {
  private final Map<List<String>, NodeApp> nodeApps = new HashMap<>();
  private final Map<List<String>, SessionManager> javaApps = new HashMap<>();
  private SessionStore store;

  /** The Java store on the same database as the Node app's store (fresh keyspace or table is not needed: ids are random). */
  abstract SessionStore openStore();

  /** The environment selecting the Node app's store (STORE=…, where it is). */
  abstract Map<String, String> nodeStoreEnv();

  @BeforeEach
  void openJavaStore() {
    if (store == null) {
      store = openStore();
    }
  }

  @AfterEach
  void keepAppsForTheClass() {}

  @AfterAll
  void stopApps() {
    nodeApps.values().forEach(NodeApp::close);
    javaApps.values().forEach(SessionManager::close);
    if (store != null) {
      store.close();
    }
  }

  NodeApp node(String... secrets) {
    return nodeApps.computeIfAbsent(List.of(secrets), s -> {
      Map<String, String> env = new HashMap<>(nodeStoreEnv());
      env.put("SECRETS", toJsonArray(s));
      return NodeApp.start("express-app.mjs", env);
    });
  }

  SessionManager java(String... secrets) {
    return javaApps.computeIfAbsent(List.of(secrets), s -> SessionManager.create(SessionConfig.builder()
        .compat(NodeCompat.EXPRESS_SESSION).compatSecrets(secrets).maxAge(Duration.ofHours(1))
        .store(store).build()));
  }

  private static String toJsonArray(List<String> secrets) {
    StringBuilder s = new StringBuilder("[");
    for (String secret : secrets) {
      s.append(s.length() > 1 ? "," : "").append('"').append(secret).append('"');
    }
    return s.append(']').toString();
  }

  /** A browser: the connect.sid cookie it holds, updated by whichever side sets it. */
  static final class Browser {
    String cookie;

    NodeApp.Reply get(NodeApp app, String path) {
      NodeApp.Reply reply = app.get(path, cookie);
      if (reply.setCookie() != null && reply.setCookie().startsWith("connect.sid=")) {
        cookie = reply.setCookie().substring(0, reply.setCookie().indexOf(';'));
      }
      return reply;
    }

    /** One request to the Java app: load, run {@code handler}, commit. */
    void request(SessionManager app, Consumer<Session> handler) {
      TestExchange ex = TestExchange.withCookieHeader(cookie);
      Session s = app.load(ex).toCompletableFuture().join();
      handler.accept(s);
      app.commit(ex, s).toCompletableFuture().join();
      String set = ex.sessionCookie("connect.sid");
      if (set != null) {
        cookie = set;
      }
    }

    /** Loads the session on the Java app and hands it back uncommitted (a request still running). */
    Running begin(SessionManager app) {
      TestExchange ex = TestExchange.withCookieHeader(cookie);
      return new Running(app, ex, app.load(ex).toCompletableFuture().join());
    }
  }

  record Running(SessionManager app, TestExchange exchange, Session session) {
    void commit() {
      app.commit(exchange, session).toCompletableFuture().join();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @Test
  void loginOnNodeIsSeenByJava() {
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    assertThat(browser.cookie).startsWith("connect.sid=s%3A");
    browser.request(java("keyboard cat"), s -> {
      assertThat(s.isNew()).isFalse();
      assertThat(map(s.get("passport"))).containsEntry("user", "alice");
      assertThat(map(s.get("flash"))).containsEntry("info", List.of("Welcome back"));
      assertThat(s.names()).doesNotContain("cookie");
    });
  }

  @Test
  void changeOnJavaIsSeenByNodeWithPassportAndFlashUntouched() {
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    browser.request(java("keyboard cat"), s -> s.put("cart", List.of("book")));
    JsonNode session = browser.get(node("keyboard cat"), "/view").body().get("session");
    assertThat(session.get("cart").toString()).isEqualTo("[\"book\"]");
    assertThat(session.get("passport").toString()).isEqualTo("{\"user\":\"alice\"}");
    assertThat(session.get("flash").toString()).isEqualTo("{\"info\":[\"Welcome back\"]}");
    assertThat(session.get("cookie").get("httpOnly").asBoolean()).isTrue();
  }

  /** A type the Java side registers ({@code allowType}); Node sees its plain JSON. */
  record Cart(List<String> items) {}

  @Test
  void aTypedAttributeJavaWroteSurvivesANodeWriteAndComesBackAsItsType() {
    SessionManager java = SessionManager.create(SessionConfig.builder().compat(NodeCompat.EXPRESS_SESSION)
        .compatSecrets("keyboard cat").maxAge(Duration.ofHours(1)).allowType("cart", Cart.class).store(store).build());
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    browser.request(java, s -> s.put("cart", new Cart(List.of("apple"))));
    browser.get(node("keyboard cat"), "/set?theme=dark");
    JsonNode seenByNode = browser.get(node("keyboard cat"), "/view").body().get("session");
    assertThat(seenByNode.get("cart").toString()).as("Node sees the plain JSON").isEqualTo("{\"items\":[\"apple\"]}");
    browser.request(java, s -> {
      assertThat(s.get("theme")).isEqualTo("dark");
      assertThat(s.get("cart")).as("the type survived Node's write").isEqualTo(new Cart(List.of("apple")));
    });
  }

  @Test
  void sessionStartedOnJavaIsSeenByNodeAndChangedThere() {
    Browser browser = new Browser();
    browser.request(java("keyboard cat"), s -> s.put("passport", Map.of("user", "bob")));
    assertThat(browser.cookie).startsWith("connect.sid=s%3A");
    JsonNode view = browser.get(node("keyboard cat"), "/view").body();
    assertThat(view.get("session").get("passport").get("user").asText()).isEqualTo("bob");
    browser.get(node("keyboard cat"), "/set?theme=dark");
    browser.request(java("keyboard cat"), s -> {
      assertThat(s.get("theme")).isEqualTo("dark");
      assertThat(map(s.get("passport"))).containsEntry("user", "bob");
    });
  }

  @Test
  void destroyOnNodeIsGoneOnJava() {
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    browser.get(node("keyboard cat"), "/destroy");
    browser.request(java("keyboard cat"), s -> {
      assertThat(s.isNew()).isTrue();
      assertThat(s.get("passport")).isNull();
    });
  }

  @Test
  void destroyOnJavaIsGoneOnNode() {
    Browser browser = new Browser();
    String id = browser.get(node("keyboard cat"), "/login?user=alice").body().get("id").asText();
    String cookie = browser.cookie;
    browser.request(java("keyboard cat"), Session::destroy);
    JsonNode view = node("keyboard cat").get("/view", cookie).body();
    assertThat(view.get("session").has("passport")).isFalse();
    assertThat(view.get("id").asText()).isNotEqualTo(id);
  }

  @Test
  void keyRotationOnBothSides() {
    // a cookie signed with the old secret on Node is read by Java with [new, old] and re-sent signed with new
    Browser browser = new Browser();
    browser.get(node("old secret"), "/login?user=alice");
    String signedWithOld = browser.cookie;
    browser.request(java("new secret", "old secret"), s -> assertThat(map(s.get("passport"))).containsEntry("user", "alice"));
    assertThat(browser.cookie).isNotEqualTo(signedWithOld);
    // ... which a Node app that knows only the new secret reads
    assertThat(browser.get(node("new secret"), "/view").body().get("session").get("passport").get("user").asText())
        .isEqualTo("alice");
    // and a cookie Java signed with the old secret is read by Node with [new, old]
    Browser other = new Browser();
    other.request(java("old secret"), s -> s.put("passport", Map.of("user", "carol")));
    assertThat(other.get(node("new secret", "old secret"), "/view").body().get("session").get("passport").get("user").asText())
        .isEqualTo("carol");
    // neither side accepts a secret it does not know
    Browser stranger = new Browser();
    stranger.request(java("old secret"), s -> s.put("passport", Map.of("user", "dave")));
    assertThat(stranger.get(node("new secret"), "/view").body().get("session").has("passport")).isFalse();
  }

  @Test
  void nodeWriteDuringAJavaRequestIsKeptBesideTheJavaChange() {
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    Running javaRequest = browser.begin(java("keyboard cat"));
    javaRequest.session().get("passport"); // read before Node writes
    browser.get(node("keyboard cat"), "/set?theme=dark"); // Node writes the whole document meanwhile
    javaRequest.session().put("cart", "book");
    javaRequest.commit();
    JsonNode session = browser.get(node("keyboard cat"), "/view").body().get("session");
    assertThat(session.get("theme").asText()).isEqualTo("dark");
    assertThat(session.get("cart").asText()).isEqualTo("book");
    assertThat(session.get("passport").get("user").asText()).isEqualTo("alice");
  }

  @Test
  void sessionDestroyedOnNodeDuringAJavaRequestIsNotBroughtBack() {
    Browser browser = new Browser();
    browser.get(node("keyboard cat"), "/login?user=alice");
    String cookie = browser.cookie;
    Running javaRequest = browser.begin(java("keyboard cat"));
    javaRequest.session().get("passport");
    browser.get(node("keyboard cat"), "/destroy");
    javaRequest.session().put("cart", "book");
    javaRequest.commit();
    JsonNode view = node("keyboard cat").get("/view", cookie).body().get("session");
    assertThat(view.has("cart")).isFalse();
    assertThat(view.has("passport")).isFalse();
    Browser same = new Browser();
    same.cookie = cookie;
    same.request(java("keyboard cat"), s -> assertThat(s.isNew()).isTrue());
  }

  @Test
  void aUserTheNodeAppLoggedInIsFoundCountedAndEndedFromJava() {
    String user = "user-" + java.util.UUID.randomUUID(); // the store is shared: a name no other test uses
    Browser first = new Browser();
    String nodeId = first.get(node("keyboard cat"), "/login?user=" + user).body().get("id").asText();
    Browser second = new Browser();
    second.request(java("keyboard cat"), s -> s.put("passport", Map.of("user", user)));
    Browser someoneElse = new Browser();
    someoneElse.get(node("keyboard cat"), "/login?user=" + user + "-other");
    SessionManager admin = java("keyboard cat");

    List<String> found = admin.findSessionIds(user).toCompletableFuture().join();
    assertThat(found).hasSize(2).contains(nodeId);
    assertThat(admin.findSessions(user).toCompletableFuture().join()).hasSize(2);
    assertThat(admin.countSessions().toCompletableFuture().join()).isGreaterThanOrEqualTo(3L);

    String handle = admin.findSessions(user).toCompletableFuture().join().stream()
        .filter(summary -> summary.id().equals(nodeId)).findFirst().orElseThrow().handle();
    assertThat(admin.destroySession(user, handle).toCompletableFuture().join()).isTrue();
    JsonNode view = first.get(node("keyboard cat"), "/view").body();
    assertThat(view.get("session").has("passport")).as("the Node session Java ended").isFalse();

    assertThat(admin.destroyAll(user).toCompletableFuture().join()).isEqualTo(1);
    second.request(java("keyboard cat"), s -> assertThat(s.isNew()).isTrue());
    assertThat(admin.findSessionIds(user).toCompletableFuture().join()).isEmpty();
    assertThat(admin.findSessionIds(user + "-other").toCompletableFuture().join()).hasSize(1);
  }
}
