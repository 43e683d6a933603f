package io.sessions4j.examples.helidon;

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
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A visitor walks through the example like a browser (cookies kept, redirects not followed), in both modes. */
class ExampleAppTest {
  private static final String KEY = "example-test-key-0123456789abcdef0123";

  record Visitor(HttpClient client, CookieManager cookies, URI base) {
    static Visitor of(ExampleApp app) {
      CookieManager cookies = new CookieManager();
      return new Visitor(HttpClient.newBuilder().cookieHandler(cookies).build(), cookies,
          URI.create("http://127.0.0.1:" + app.port()));
    }

    HttpResponse<String> home() throws Exception {
      return client.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String... nameValues) throws Exception {
      StringBuilder form = new StringBuilder();
      for (int i = 0; i < nameValues.length; i += 2) {
        form.append(form.isEmpty() ? "" : "&").append(nameValues[i]).append('=')
            .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
      }
      return client.send(HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    Optional<String> sid() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("sid")).map(HttpCookie::getValue).findFirst();
    }
  }

  @ParameterizedTest
  @EnumSource(SessionMode.class)
  void loginCartFlashOnceAndLogout(SessionMode mode) throws Exception {
    try (ExampleApp app = ExampleApp.start(mode, 0, KEY)) {
      Visitor browser = Visitor.of(app);

      HttpResponse<String> first = browser.home();
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(first.body()).contains("Session mode: " + mode.name().toLowerCase()).contains("Views: 1").contains("Log in");
      String anonymous = browser.sid().orElseThrow();
      assertThat(browser.home().body()).contains("Views: 2");

      HttpResponse<String> login = browser.post("/login", "username", "ada <admin>");
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/?after="));
      assertThat(browser.sid()).as("a new session cookie at login").isPresent().get().isNotEqualTo(anonymous);
      assertThat(browser.home().body())
          .contains("Signed in as ada &lt;admin&gt;")
          .contains("<p class=\"flash\">Welcome, ada &lt;admin&gt;!</p>")
          .contains("Views: 3")
          .doesNotContain("<admin>");
      assertThat(browser.home().body()).as("the flash is shown once").doesNotContain("class=\"flash\"");

      browser.post("/cart", "action", "add", "item", "apple");
      browser.post("/cart", "action", "add", "item", "pear & plum");
      assertThat(browser.home().body())
          .contains("<li>apple ")
          .contains("<li>pear &amp; plum ")
          .contains("Added pear &amp; plum to your cart.");
      browser.post("/cart", "action", "remove", "item", "apple");
      assertThat(browser.home().body())
          .doesNotContain("<li>apple ")
          .contains("<li>pear &amp; plum ")
          .contains("Removed apple from your cart.");

      String loggedIn = browser.sid().orElseThrow();
      HttpResponse<String> logout = browser.post("/logout");
      assertThat(logout.statusCode()).isEqualTo(303);
      assertThat(browser.sid()).as("the session cookie is cleared at logout").isEmpty();
      assertThat(browser.home().body())
          .contains("Log in")
          .doesNotContain("Signed in as")
          .doesNotContain("pear")
          .contains("Views: 1");

      if (mode == SessionMode.STORE) {
        // the session is gone on the server: the cookie from before the logout logs nobody in.
        // (Cookie mode has no server-side state; a copied cookie stays valid until it expires.)
        HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(browser.base().resolve("/"))
            .header("Cookie", "sid=" + loggedIn).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.body()).doesNotContain("Signed in as");
      }
    }
  }
}
