package io.sessions4j.examples.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A visitor's walk through the example shop, in both modes. */
class JdkExampleAppTest {
  final HttpClient client = HttpClient.newHttpClient();
  String cookie;

  HttpResponse<String> get(URI base, String path) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  HttpResponse<String> post(URI base, String path, String form) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    response.headers().allValues("Set-Cookie").forEach(h -> {
      String pair = h.substring(0, h.indexOf(';'));
      cookie = pair.endsWith("=") ? null : pair;
    });
    return response;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void loginCartFlashAndLogout(boolean cookieMode) throws Exception {
    JdkExampleApp app = new JdkExampleApp(0, JdkExampleApp.manager(cookieMode));
    URI base = URI.create("http://127.0.0.1:" + app.port() + "/");
    try {
      assertThat(get(base, "/").body()).contains("Views this session: <b id=views>1</b>");
      assertThat(get(base, "/").body()).contains("<b id=views>2</b>");
      String before = cookie;

      assertThat(post(base, "/login", "user=ada%3Cscript%3E").statusCode()).isEqualTo(303);
      if (!cookieMode) {
        assertThat(cookie).as("login changes the session id").isNotEqualTo(before);
      }
      String home = get(base, "/").body();
      assertThat(home).contains("Logged in as <b id=user>ada&lt;script&gt;</b>").contains("Welcome, ada&lt;script&gt;!");
      assertThat(get(base, "/").body()).as("the flash is shown once").doesNotContain("Welcome");

      post(base, "/cart", "add=apple");
      post(base, "/cart", "add=pear");
      assertThat(get(base, "/").body()).contains("<li>apple</li><li>pear</li>").contains("Added pear.");

      post(base, "/logout", "");
      assertThat(cookie).as("logout clears the cookie").isNull();
      assertThat(get(base, "/").body()).doesNotContain("Logged in").contains("<b id=views>1</b>");
    } finally {
      app.stop();
    }
  }
}
