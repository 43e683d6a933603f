package io.sessions4j.examples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The example over HTTP, as a browser uses it: views, cart, flash shown once, login, account, logout; in both modes. */
class ExampleAppTest {
  private static final Pattern CSRF = Pattern.compile("name=\"?_csrf\"?[^>]*value=\"([^\"]+)\"");
  private static final String KEY = "an-example-test-key-of-at-least-32-bytes";

  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final Map<String, String> cookies = new LinkedHashMap<>();
  int port;

  @ParameterizedTest
  @EnumSource(SessionMode.class)
  void aVisitAddsToTheCartLogsInAndOut(SessionMode mode) throws Exception {
    try (ExampleApp app = ExampleApp.start(mode, 0, KEY)) {
      port = app.port();

      assertThat(get("/").body()).contains("views: 1");
      HttpResponse<String> home = get("/");
      assertThat(home.body()).contains("views: 2");
      HttpResponse<String> added = post("/cart", Map.of("item", "apple", "_csrf", csrf(home)));
      assertThat(added.statusCode()).isEqualTo(303);
      String redirect = added.headers().firstValue("Location").orElseThrow();
      assertThat(redirect).as("the redirect names the post's decision trace").startsWith("/?after=");
      HttpResponse<String> afterAdding = get(redirect);
      assertThat(afterAdding.body()).contains("added apple", "cart: apple", "views: 3")
          .contains("<div id=\"session-trace\"><h3>The request before this page: POST /cart</h3>")
          .contains("attributes cart, flash changed");
      assertThat(get("/").body()).as("the flash message is shown once").doesNotContain("added apple");

      HttpResponse<String> account = get("/account");
      assertThat(account.statusCode()).isEqualTo(302);
      HttpResponse<String> login = post("/login",
          Map.of("username", "ada", "password", "secret", "_csrf", csrf(get("/login"))));
      assertThat(login.headers().firstValue("Location")).hasValue("/account");
      assertThat(get("/account").body()).contains("account of ada");
      assertThat(get("/").body()).contains("logged in as ada", "cart: apple");

      HttpResponse<String> logout = post("/logout", Map.of("_csrf", csrf(get("/logout"))));
      assertThat(logout.headers().firstValue("Location")).hasValue("/login?logout");
      assertThat(get("/account").statusCode()).isEqualTo(302);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
  }

  private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A browser's cookie handling: keeps what is set, drops what is cleared, sends the rest back. */
  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    request.header("Accept", "text/html");
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      String value = pair.substring(pair.indexOf('=') + 1);
      if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher matcher = CSRF.matcher(page.body());
    assertThat(matcher.find()).as("a CSRF field in %s", page.body()).isTrue();
    return matcher.group(1);
  }
}
