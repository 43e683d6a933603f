package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The {@code sessions4j} endpoint lists a user's sessions without giving their ids away and ends
 * one by handle; the health contributor says whether the store answers. The health classes differ
 * between Boot 3 and 4, so they are read here by reflection ({@code health().getStatus().getCode()}
 * and {@code getDetails()} exist in both).
 */
class ActuatorTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsEndpointAutoConfiguration.class,
          SessionsHealthAutoConfiguration.class))
      .withPropertyValues("management.endpoints.web.exposure.include=sessions4j",
          "sessions4j.principal-attribute=user");

  /** A session of {@code user}; its id. */
  static String sessionOf(SessionManager manager, String user) {
    TestExchange exchange = new TestExchange();
    Session session = manager.load(exchange).toCompletableFuture().join();
    session.put("user", user);
    manager.commit(exchange, session).toCompletableFuture().join();
    return session.id();
  }

  @Test
  void listsAUsersSessionsWithHandlesAndRedactedIds() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      String first = sessionOf(manager, "ada");
      String second = sessionOf(manager, "ada");
      sessionOf(manager, "grace");

      SessionsEndpoint.UserSessions ada = context.getBean(SessionsEndpoint.class).sessions("ada");

      assertThat(ada.username()).isEqualTo("ada");
      assertThat(ada.sessions()).extracting(SessionsEndpoint.SessionDescriptor::handle)
          .containsExactlyInAnyOrder(SessionsEndpoint.handle(first), SessionsEndpoint.handle(second));
      assertThat(ada.sessions()).allSatisfy(s -> {
        assertThat(s.id()).hasSize(7).endsWith("…");
        assertThat(first + second).doesNotContain(s.handle());
        assertThat(Instant.parse(s.expiresAt())).isAfter(Instant.parse(s.createdAt()));
        assertThat(Instant.parse(s.lastAccessedAt())).isNotNull();
      });
    });
  }

  @Test
  void fullIdsOnlyWhenConfiguredTo() {
    runner.withPropertyValues("management.endpoint.sessions4j.show-ids=true").run(context -> {
      String id = sessionOf(context.getBean(SessionManager.class), "ada");
      assertThat(context.getBean(SessionsEndpoint.class).sessions("ada").sessions())
          .extracting(SessionsEndpoint.SessionDescriptor::id).containsExactly(id);
    });
  }

  @Test
  void deletingByHandleEndsThatSessionOnly() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      String ended = sessionOf(manager, "ada");
      String kept = sessionOf(manager, "ada");
      SessionsEndpoint endpoint = context.getBean(SessionsEndpoint.class);

      WebEndpointResponse<Void> response = endpoint.deleteSession(SessionsEndpoint.handle(ended), "ada");

      assertThat(response.getStatus()).isEqualTo(204);
      assertThat(manager.findSessionIds("ada").toCompletableFuture().join()).containsExactly(kept);
      assertThat(endpoint.deleteSession(SessionsEndpoint.handle(ended), "ada").getStatus()).isEqualTo(404);
      assertThat(endpoint.deleteSession(SessionsEndpoint.handle(kept), "grace").getStatus())
          .as("a handle only counts among the named user's sessions").isEqualTo(404);
    });
  }

  @Test
  void clientHintsAreListedOnlyWhenRecorded() {
    runner.run(context -> {
      sessionOf(context.getBean(SessionManager.class), "ada");
      assertThat(context.getBean(SessionsEndpoint.class).sessions("ada").sessions()).singleElement()
          .satisfies(s -> assertThat(s.clientAddress()).isNull());
    });
    runner.withPropertyValues("sessions4j.client-hints=true").run(context -> {
      sessionOf(context.getBean(SessionManager.class), "ada");
      assertThat(context.getBean(SessionsEndpoint.class).sessions("ada").sessions()).singleElement()
          .satisfies(s -> assertThat(s.clientAddress()).isEqualTo("127.0.0.1"));
    });
  }

  @Test
  void deletingAllOfAUsersSessionsEndsThemAndNoOtherUsers() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      sessionOf(manager, "ada");
      sessionOf(manager, "ada");
      String grace = sessionOf(manager, "grace");
      SessionsEndpoint endpoint = context.getBean(SessionsEndpoint.class);

      SessionsEndpoint.EndedSessions ended = endpoint.deleteSessions("ada");

      assertThat(ended).isEqualTo(new SessionsEndpoint.EndedSessions("ada", 2));
      assertThat(endpoint.sessions("ada").sessions()).isEmpty();
      assertThat(manager.findSessionIds("grace").toCompletableFuture().join()).containsExactly(grace);
    });
  }

  @Test
  void countsTheLiveSessions() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      sessionOf(manager, "ada");
      sessionOf(manager, "grace");
      SessionsEndpoint endpoint = context.getBean(SessionsEndpoint.class);

      assertThat(endpoint.statistic("count").getBody()).isEqualTo(new SessionsEndpoint.SessionCount(2));
      assertThat(endpoint.statistic("other").getStatus()).isEqualTo(404);
    });
  }

  @Test
  void aUsernameIsRequired() {
    runner.run(context -> assertThatThrownBy(() -> context.getBean(SessionsEndpoint.class).sessions(" "))
        .isInstanceOf(InvalidEndpointRequestException.class).hasMessage("username is required"));
  }

  @Test
  void cookieModeHasNoSessionsToList() {
    runner.withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=" + SessionPropertiesBindingTest.KEY)
        .run(context -> assertThatThrownBy(() -> context.getBean(SessionsEndpoint.class).sessions("ada"))
            .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("cookie-mode"));
  }

  @Test
  void theEndpointIsOnlyThereWhenExposed() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsEndpointAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(SessionsEndpoint.class));
  }

  /** {@code health()} of the contributor bean: status code and details. */
  static Map.Entry<String, Map<String, Object>> health(ApplicationContext context) throws Exception {
    Object indicator = context.getBean(SessionsHealthAutoConfiguration.BEAN_NAME);
    Method health = indicator.getClass().getMethod("health");
    health.setAccessible(true);
    Object result = health.invoke(indicator);
    Object status = result.getClass().getMethod("getStatus").invoke(result);
    String code = (String) status.getClass().getMethod("getCode").invoke(status);
    @SuppressWarnings("unchecked") Map<String, Object> details = (Map<String, Object>) result.getClass().getMethod("getDetails").invoke(result);
    return Map.entry(code, details);
  }

  @Test
  void theHealthContributorSpeaksTheHealthApiOfTheBootItRunsOn() throws ClassNotFoundException {
    boolean boot4 = isPresent("org.springframework.boot.health.contributor.HealthIndicator");
    Class<?> healthIndicator = Class.forName(boot4 ? "org.springframework.boot.health.contributor.HealthIndicator"
        : "org.springframework.boot.actuate.health.HealthIndicator");
    assertThat(isPresent("org.springframework.boot.actuate.health.HealthIndicator")).as("exactly one Boot line")
        .isNotEqualTo(boot4);
    runner.run(context -> assertThat(context.getBean(SessionsHealthAutoConfiguration.BEAN_NAME))
        .isInstanceOf(healthIndicator)
        .isInstanceOf(boot4 ? Boot4SessionsHealthIndicator.class : Boot3SessionsHealthIndicator.class));
  }

  static boolean isPresent(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void theMemoryStoreIsAlwaysUp() {
    runner.run(context -> {
      assertThat(health(context).getKey()).isEqualTo("UP");
      assertThat(health(context).getValue()).containsEntry("mode", "store").containsEntry("store", "MemoryStore");
    });
  }

  @Test
  void aJdbcStoreIsDownWhenItsTableCannotBeRead() {
    JdbcDataSource dataSource = StoreSelectionTest.h2();
    runner.withBean(DataSource.class, () -> dataSource).withPropertyValues("sessions4j.store=jdbc").run(context -> {
      assertThat(health(context).getKey()).isEqualTo("UP");
      assertThat(health(context).getValue()).containsEntry("store", "JdbcSessionStore").containsEntry("dialect", "h2");

      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE sessions4j_sessions");
      }

      assertThat(health(context).getKey()).isEqualTo("DOWN");
      assertThat(health(context).getValue()).containsKey("error");
    });
  }

  @Test
  void theHealthContributorCanBeTurnedOff() {
    runner.withPropertyValues("management.health.sessions4j.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SessionsHealthAutoConfiguration.BEAN_NAME));
  }
}
