package io.sessions4j.examples.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionMode;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A visitor's walk through the example, like a browser (cookies kept, redirects read), in both modes. */
class ExampleAppTest {
  private static final String KEY = "example-test-key-0123456789abcdef0123";

  @ParameterizedTest
  @EnumSource(SessionMode.class)
  void loginCartFlashOnceAndLogout(SessionMode mode) throws Exception {
    try (ExampleApp app = ExampleApp.start(mode, 0, KEY)) {
      URI base = URI.create("http://127.0.0.1:" + app.port());
      CookieManager cookies = new CookieManager();
      HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

      HttpResponse<String> home = get(browser, base);
      assertThat(home.statusCode()).isEqualTo(200);
      assertThat(home.body()).contains("Session mode: " + mode.name().toLowerCase(java.util.Locale.ROOT))
          .contains("Views: 1").contains("Log in").doesNotContain("Signed in as");
      String anonymous = sid(cookies);
      assertThat(anonymous).isNotNull();
      assertThat(get(browser, base).body()).contains("Views: 2");

      HttpResponse<String> login = post(browser, base, "/login", form("username", "ada <admin>"));
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/?after="));
      assertThat(sid(cookies)).as("a new session cookie at login").isNotEqualTo(anonymous);
      HttpResponse<String> welcome = get(browser, base);
      assertThat(welcome.body())
          .contains("Signed in as ada &lt;admin&gt;")
          .contains("<p class=\"flash\">Welcome, ada &lt;admin&gt;!</p>")
          .contains("Views: 3")
          .doesNotContain("<admin>");
      assertThat(get(browser, base).body()).as("the flash is shown once").doesNotContain("class=\"flash\"");

      post(browser, base, "/cart", form("action", "add") + "&" + form("item", "apple"));
      post(browser, base, "/cart", form("action", "add") + "&" + form("item", "pear & plum"));
      HttpResponse<String> cart = get(browser, base);
      assertThat(cart.body())
          .contains("<li>apple ")
          .contains("<li>pear &amp; plum ")
          .contains("Added pear &amp; plum to your cart.");
      post(browser, base, "/cart", form("action", "remove") + "&" + form("item", "apple"));
      assertThat(get(browser, base).body()).doesNotContain("<li>apple ").contains("<li>pear &amp; plum ")
          .contains("Removed apple from your cart.");

      String loggedIn = sid(cookies);
      HttpResponse<String> logout = post(browser, base, "/logout", "");
      assertThat(logout.statusCode()).isEqualTo(303);
      HttpResponse<String> after = get(browser, base);
      assertThat(after.body())
          .contains("You are logged out.")
          .contains("Log in")
          .doesNotContain("Signed in as")
          .doesNotContain("pear")
          .contains("Views: 1");
      assertThat(sid(cookies)).isNotEqualTo(loggedIn);

      if (mode == SessionMode.STORE) {
        // the session is gone on the server: the cookie from before the logout logs nobody in.
        // (Cookie mode has no server-side state to delete; a copied cookie stays valid until it expires.)
        HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/"))
            .header("Cookie", "sid=" + loggedIn).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.body()).doesNotContain("Signed in as");
      }
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI base) throws Exception {
    return client.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(HttpClient client, URI base, String path, String form) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String form(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String sid(CookieManager cookies) {
    List<HttpCookie> sid = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("sid")).toList();
    return sid.isEmpty() ? null : sid.get(0).getValue();
  }
}
