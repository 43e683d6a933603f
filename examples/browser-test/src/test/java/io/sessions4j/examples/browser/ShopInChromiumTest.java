package io.sessions4j.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.jdk.JdkExampleApp;
import io.sessions4j.examples.servlet.ExampleApp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Three examples (servlet, Micronaut, the JDK's HTTP server) in headless Chromium, clicked through as a newcomer would: add to the cart, log in,
 * and read the decision trace on the page (element {@code session-trace}), which must say that the
 * login wrote the store and changed the session id. Needs Debian's {@code chromium} and {@code
 * chromium-driver} ({@code apt-get install -y chromium chromium-driver}; {@code .ci/run} installs
 * them): with {@code CI=true} their absence fails the test, otherwise it is skipped with a message.
 */
class ShopInChromiumTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String KEY = "browser-test-key-0123456789abcdef-0123";
  static final Duration WAIT = Duration.ofSeconds(20);

  Path profile;
  WebDriver browser;

  @BeforeAll
  static void chromiumIsInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
        + "): apt-get install -y chromium chromium-driver";
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail(missing + " (.ci/run does)");
    }
    assumeTrue(installed, "browser test skipped: " + missing);
  }

  @BeforeEach
  void openBrowser() throws IOException {
    profile = Files.createTempDirectory("sessions4j-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()) // Debian's, matching its chromium: nothing downloaded
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(driver, options);
  }

  @AfterEach
  void closeBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The form fields an example names differently. */
  record Shop(String cartField, String loginField) {}

  @Test
  void servletExampleShowsThatLoginWroteTheStoreAndChangedTheId() throws Exception {
    try (ExampleApp app = ExampleApp.start(SessionMode.STORE, 0, KEY)) {
      walk(URI.create("http://127.0.0.1:" + app.port() + "/"), new Shop("item", "username"));
    }
  }

  @Test
  void micronautExampleShowsThatLoginWroteTheStoreAndChangedTheId() throws Exception {
    try (io.sessions4j.examples.micronaut.ExampleApp app =
        io.sessions4j.examples.micronaut.ExampleApp.start(SessionMode.STORE, 0, KEY)) {
      walk(URI.create("http://127.0.0.1:" + app.port() + "/"), new Shop("item", "username"));
    }
  }

  @Test
  void jdkHttpServerExampleShowsThatLoginWroteTheStoreAndChangedTheId() throws Exception {
    JdkExampleApp app = JdkExampleApp.start(false, 0, KEY);
    try {
      walk(URI.create("http://127.0.0.1:" + app.port() + "/"), new Shop("add", "user"));
    } finally {
      app.stop();
    }
  }

  /** Home page, add to the cart, log in; the trace after each post says what it did. */
  void walk(URI home, Shop shop) {
    browser.get(home.toString());
    assertThat(trace()).contains("This page's request").contains("token: none presented");

    browser.findElement(By.name(shop.cartField())).sendKeys("apple" + Keys.ENTER);
    String afterCart = awaitTraceOf("POST /cart");
    assertThat(afterCart).contains("commit: store written").contains("attributes cart, flash changed");
    Cookie beforeLogin = browser.manage().getCookieNamed("sid");
    assertThat(beforeLogin).as("the session cookie after the cart").isNotNull();

    browser.findElement(By.name(shop.loginField())).sendKeys("ada" + Keys.ENTER);
    String afterLogin = awaitTraceOf("POST /login");
    assertThat(afterLogin)
        .contains("store written (new record)")
        .contains("id changed")
        .contains("the session got a new id");
    assertThat(browser.manage().getCookieNamed("sid").getValue()).as("a new session cookie at login")
        .isNotEqualTo(beforeLogin.getValue());
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("ada").contains("apple");
  }

  /** The trace on the page once it is the one a redirect after {@code post} drew (polled, no sleeping). */
  String awaitTraceOf(String post) {
    // the old page may go while it is read (the post's redirect is loading): read again. Chromium reports
    // that as a stale element or, when the node goes between lookup and read, as an inspector error
    // ("Node with given id does not belong to the document") which Selenium gives as a bare WebDriverException
    return new WebDriverWait(browser, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(WebDriverException.class)
        .until(d -> {
      String trace = trace();
      return trace.contains("The request before this page: " + post) ? trace : null;
    });
  }

  String trace() {
    return browser.findElements(By.id("session-trace")).stream().findFirst().map(e -> e.getText()).orElse("");
  }
}
