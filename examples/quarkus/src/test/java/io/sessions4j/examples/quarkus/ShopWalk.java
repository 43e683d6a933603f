package io.sessions4j.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A visitor's walk through the shop, like a browser (cookies kept, redirects read): login → cart →
 * a flash shown once → logout. Run in store mode ({@link StoreModeShopTest}) and cookie mode
 * ({@link CookieModeShopTest}).
 */
abstract class ShopWalk {

  abstract String expectedMode();

  @Test
  void loginCartFlashOnceAndLogout() throws Exception {
    URI base = URI.create("http://127.0.0.1:"
        + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> home = get(browser, base);
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Session mode: " + expectedMode()).contains("Views: 1").contains("Log in")
        .doesNotContain("Signed in as");
    String anonymous = sid(cookies);
    assertThat(anonymous).isNotNull();
    assertThat(get(browser, base).body()).contains("Views: 2");

    assertThat(home.body()).as("the page shows its request's decision trace")
        .contains("<div id=\"session-trace\">").contains("token: none presented");

    HttpResponse<String> login = post(browser, base, "/login", form("username", "ada <admin>"));
    assertThat(login.statusCode()).isEqualTo(303);
    String afterLogin = login.headers().firstValue("Location").orElseThrow();
    assertThat(afterLogin).as("the redirect names the login's trace").contains("after=");
    assertThat(sid(cookies)).as("a new session cookie at login").isNotEqualTo(anonymous);
    // the page the redirect draws shows what the login did
    HttpResponse<String> welcome = browser.send(
        HttpRequest.newBuilder(base.resolve(afterLogin.substring(afterLogin.indexOf("/?")))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(welcome.body())
        .contains("The request before this page: POST /login")
        .contains(expectedMode().startsWith("store")
            ? "store written (new record), Set-Cookie sent, id changed" : "commit: Set-Cookie sent: attributes")
        .contains("Signed in as ada &lt;admin&gt;")
        .contains("<p class=\"flash\">Welcome, ada &lt;admin&gt;!</p>")
        .contains("Views: 3")
        .doesNotContain("<admin>");
    assertThat(get(browser, base).body()).as("the flash is shown once").doesNotContain("class=\"flash\"");

    post(browser, base, "/cart", form("action", "add") + "&" + form("item", "apple"));
    post(browser, base, "/cart", form("action", "add") + "&" + form("item", "pear & \"plum\""));
    HttpResponse<String> cart = get(browser, base);
    assertThat(cart.body())
        .contains("<li>apple ")
        .contains("<li>pear &amp; &quot;plum&quot; ")
        .contains("Added pear &amp; &quot;plum&quot; to your cart.");
    post(browser, base, "/cart", form("action", "remove") + "&" + form("item", "apple"));
    assertThat(get(browser, base).body()).doesNotContain("<li>apple ").contains("<li>pear &amp; &quot;plum&quot; ")
        .contains("Removed apple from your cart.");

    String loggedIn = sid(cookies);
    HttpResponse<String> logout = post(browser, base, "/logout", "");
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(sid(cookies)).as("the logout clears the session cookie").isNull();
    HttpResponse<String> after = get(browser, base);
    assertThat(after.body()).contains("Log in").doesNotContain("Signed in as").doesNotContain("pear")
        .contains("Views: 1");

    if ("store".equals(expectedMode())) {
      // the session is gone on the server: the cookie from before the logout logs nobody in
      // (cookie mode keeps no server-side state; a copied cookie stays valid until it expires)
      HttpResponse<String> replayed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/"))
          .header("Cookie", "sid=" + loggedIn).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(replayed.body()).doesNotContain("Signed in as");
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
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("sid")).map(HttpCookie::getValue).findFirst().orElse(null);
  }
}
