package io.sessions4j.quarkus.devui.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sessions4j Dev UI card's JSON-RPC service, called as the card's page calls it (the Dev UI's
 * WebSocket) in an application running in dev mode: it counts, lists a logged-in user's sessions
 * (ids redacted), ends one — its client is logged out on the next request — and all of a user's,
 * and shows the configuration with its keys hidden.
 */
class SessionsDevUiTest {
  static final int PORT = freePort();
  static final String KEY = "devui-test-key-0123456789abcdef-0123456789";
  static final String DEV_UI_DATA = "/q/dev-ui/devui-data.js";
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
      .withApplicationRoot(jar -> jar.addClass(LoginRoutes.class).addAsResource(new StringAsset(String.join("\n",
          "quarkus.http.host=127.0.0.1",
          "quarkus.http.port=" + PORT,
          "sessions4j.principal-attribute=user",
          "sessions4j.keys=" + KEY,
          "sessions4j.max-age=20m")), "application.properties"));

  final DevUIJsonRPCTest rpc = new DevUIJsonRPCTest("adapter-quarkus-devui", "http://127.0.0.1:" + PORT);

  @Test
  void theCardCountsListsAndEndsAUsersSessions() throws Exception {
    String ada = login("devui-ada");
    String adaElsewhere = login("devui-ada");
    String grace = login("devui-grace");
    assertThat(get("/whoami", ada)).isEqualTo("devui-ada");

    assertThat(rpc.executeJsonRPCMethod("count").get("count").asLong()).isGreaterThanOrEqualTo(3);

    JsonNode sessions = rpc.executeJsonRPCMethod("sessions", Map.of("username", "devui-ada"));
    assertThat(sessions).hasSize(2);
    String handle = sessions.get(0).get("handle").asText();
    assertThat(handle).matches("[A-Za-z0-9_-]{22}");
    assertThat(sessions.toString()).as("no session id in full").doesNotContain(id(ada)).doesNotContain(id(adaElsewhere));

    assertThat(rpc.executeJsonRPCMethod("end", Map.of("username", "devui-ada", "handle", handle)).asBoolean())
        .isTrue();
    assertThat(rpc.executeJsonRPCMethod("sessions", Map.of("username", "devui-ada"))).hasSize(1);
    assertThat(rpc.executeJsonRPCMethod("end", Map.of("username", "devui-ada", "handle", handle)).asBoolean())
        .as("already ended").isFalse();

    assertThat(rpc.executeJsonRPCMethod("endAll", Map.of("username", "devui-ada")).asInt()).isEqualTo(1);
    assertThat(get("/whoami", ada)).as("logged out").isEqualTo("-");
    assertThat(get("/whoami", adaElsewhere)).as("logged out").isEqualTo("-");
    assertThat(get("/whoami", grace)).as("another user's session stays").isEqualTo("devui-grace");
  }

  @Test
  void theCardShowsTheConfigurationWithoutItsKeys() throws Exception {
    JsonNode config = rpc.executeJsonRPCMethod("configuration");

    assertThat(config.get("mode").asText()).isEqualTo("STORE");
    assertThat(config.get("principalAttribute").asText()).isEqualTo("user");
    assertThat(config.get("properties").get("sessions4j.max-age").asText()).isEqualTo("20m");
    assertThat(config.get("properties").get("sessions4j.keys").asText()).isEqualTo("(hidden)");
    assertThat(config.toString()).doesNotContain(KEY);
  }

  @Test
  void theDevUiListsTheCardAndServesItsPage() throws Exception {
    // the Dev UI's build-time data lists every extension's card and its pages
    String data = get(DEV_UI_DATA, null);
    int card = data.indexOf("\"componentLink\":\"qwc-sessions4j.js\"");
    assertThat(card).as("the card's page in " + DEV_UI_DATA).isPositive();
    assertThat(data.substring(Math.max(0, card - 2000), card)).contains("\"title\":\"Sessions\"");

    assertThat(get("/q/dev-ui/adapter-quarkus-devui/qwc-sessions4j.js", null))
        .contains("customElements.define('qwc-sessions4j'");
  }

  static String login(String user) throws Exception {
    HttpResponse<String> response = HTTP.send(request("/login?user=" + user, null).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  static String get(String path, String cookie) throws Exception {
    return HTTP.send(request(path, cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static HttpRequest.Builder request(String path, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path));
    return cookie == null ? request : request.header("Cookie", cookie);
  }

  /** The session id in a {@code sid=<id>.<signature>} cookie. */
  static String id(String cookie) {
    String value = cookie.substring(cookie.indexOf('=') + 1);
    return value.contains(".") ? value.substring(0, value.indexOf('.')) : value;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
