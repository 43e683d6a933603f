package io.sessions4j.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.spring.e2e.Browser;
import io.sessions4j.spring.e2e.Browser.Page;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/** A visitor's walk through the shop, like a browser (cookies kept, redirects followed one by one), in both modes. */
class ExampleAppTest {
  private static final String KEY = "--sessions4j.keys=example-test-key-0123456789abcdef0123";

  @ParameterizedTest
  @ValueSource(strings = {"store", "cookie"})
  void cartFlashLoginAndLogout(String mode) throws Exception {
    try (ConfigurableApplicationContext app = ExampleApp.start("--mode", mode, "--port", "0", KEY,
        "--server.address=127.0.0.1")) {
      Browser browser = new Browser(URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")));

      Page home = browser.get("/");
      assertThat(home.status()).isEqualTo(200);
      assertThat(home.body()).contains("Views: 1").contains("Log in").doesNotContain("Signed in as")
          .contains("Sessions: " + mode + " mode");
      assertThat(browser.get("/").body()).contains("Views: 2");

      Page added = browser.post("/cart", Map.of("action", "add", "item", "pear & plum", "_csrf", home.csrfToken()));
      assertThat(added.isRedirect()).as("Post/Redirect/Get: %s", added).isTrue();
      Page cart = browser.follow(added);
      assertThat(cart.body())
          .contains("<li>pear &amp; plum ")
          .contains("<p class=\"flash\">Added pear &amp; plum to your cart.</p>")
          // the decision trace of the post, on the page its redirect drew
          .contains("<div id=\"session-trace\"><h3>The request before this page: POST /cart</h3>")
          .contains("attributes cart, flash changed");
      assertThat(browser.get("/").body()).as("the flash is shown once").doesNotContain("class=\"flash\"");

      // the account page needs a login: Spring Security's login page, then back to the account
      Page toLogin = browser.get("/account");
      assertThat(toLogin.locationPath()).isEqualTo("/login");
      Page loginPage = browser.follow(toLogin);
      String anonymous = browser.cookie("sid");
      Page loggedIn = browser.post("/login", Map.of("username", "ada", "password", "password", "_csrf", loginPage.csrfToken()));
      assertThat(loggedIn.locationPath()).as("back to the saved page: %s", loggedIn).isEqualTo("/account");
      assertThat(browser.cookie("sid")).as("a new session at login").isNotEqualTo(anonymous);
      Page account = browser.follow(loggedIn);
      assertThat(account.body()).contains("Signed in as ada").contains("Items in your cart: 1");
      assertThat(browser.get("/").body()).as("the session's data survives the login")
          .contains("Signed in as ada").contains("<li>pear &amp; plum ").contains("Views: 5");

      String loggedInSession = browser.cookie("sid");
      Page loggedOut = browser.post("/logout", Map.of("_csrf", account.csrfToken()));
      assertThat(loggedOut.isRedirect()).as("logout: %s", loggedOut).isTrue();
      assertThat(browser.follow(loggedOut).body())
          .contains("You are logged out.")
          .doesNotContain("Signed in as")
          .doesNotContain("pear")
          .contains("Views: 1");

      if (mode.equals("store")) {
        // the session is gone on the server: the cookie from before the logout logs nobody in
        Page replayed = new Browser(browser.get("/").uri()).withCookie("sid", loggedInSession).get("/account");
        assertThat(replayed.locationPath()).isEqualTo("/login");
      }
    }
  }
}
