package io.sessions4j.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.spring.e2e.Browser;
import io.sessions4j.spring.e2e.Browser.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example's store profiles, each with two instances of the app on one store, as two nodes
 * behind a load balancer: a session started on one node goes on on the other, and {@code
 * maximumSessions(1)} holds across them (a login on the second node ends the user's session from
 * the first).
 */
class TwoNodesTest {
  private static final String KEY = "--sessions4j.keys=example-test-key-0123456789abcdef0123";

  @ParameterizedTest
  @ValueSource(strings = {"mariadb", "postgres", "redis"})
  void aSessionGoesOnOnTheOtherNodeAndASecondLoginThereEndsIt(String profile) throws Exception {
    List<String> args = new ArrayList<>(List.of("--spring.profiles.active=" + profile, "--port", "0", KEY,
        "--server.address=127.0.0.1",
        // this test's own table and keys, away from other runs on the same servers
        "--sessions4j.jdbc.table-name=example_spring_boot_sessions",
        "--sessions4j.redis.key-prefix=example-spring-boot:"));
    switch (profile) {
      case "mariadb" -> args.addAll(dataSource(RealServers.requireMariaDb()));
      case "postgres" -> args.addAll(dataSource(RealServers.requirePostgres()));
      default -> args.add("--spring.data.redis.url=" + RealServers.requireRedis().uri());
    }
    try (ConfigurableApplicationContext nodeA = ExampleApp.start(args.toArray(String[]::new));
        ConfigurableApplicationContext nodeB = ExampleApp.start(args.toArray(String[]::new))) {
      Browser onA = new Browser(uri(nodeA));
      Page home = onA.get("/");
      onA.post("/cart", Map.of("action", "add", "item", "apple", "_csrf", home.csrfToken()));
      Page loginPage = onA.follow(onA.get("/account"));
      Page loggedIn = onA.post("/login", Map.of("username", "grace", "password", "password", "_csrf", loginPage.csrfToken()));
      assertThat(onA.follow(loggedIn).body()).contains("Signed in as grace").contains("Items in your cart: 1");

      // the same browser, its next request balanced to node B
      Browser sameOnB = new Browser(uri(nodeB)).withCookie("sid", onA.cookie("sid"));
      assertThat(sameOnB.get("/account").body()).as("the session from node A, on node B")
          .contains("Signed in as grace").contains("Items in your cart: 1");

      // grace logs in again, elsewhere, through node B: her session from node A ends
      Browser elsewhere = new Browser(uri(nodeB));
      Page otherLogin = elsewhere.post("/login", Map.of(
          "username", "grace", "password", "password", "_csrf", elsewhere.get("/login").csrfToken()));
      assertThat(otherLogin.isRedirect()).as("the second login: %s", otherLogin).isTrue();
      assertThat(elsewhere.get("/account").body()).contains("Signed in as grace");
      Page firstAgain = onA.get("/account");
      assertThat(firstAgain.isRedirect()).as("the first session ended: %s", firstAgain).isTrue();
      assertThat(firstAgain.locationPath()).isEqualTo("/login");
    }
  }

  private static List<String> dataSource(RealServers.JdbcServer server) {
    return List.of("--spring.datasource.url=" + server.jdbcUrl(), "--spring.datasource.username=" + server.username(),
        "--spring.datasource.password=" + server.password());
  }

  private static URI uri(ConfigurableApplicationContext node) {
    return URI.create("http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port"));
  }
}
