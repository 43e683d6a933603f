package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.http.SameSite;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import io.sessions4j.core.Session;
import io.sessions4j.testing.TestExchange;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code sessions4j.*} properties reach the core's options with the core's names, parsing and messages. */
@ExtendWith(OutputCaptureExtension.class)
class SessionPropertiesBindingTest {
  static final String KEY = "k".repeat(32);

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class));

  /** Environment variables, as Spring Boot sees them, ahead of every other property source. */
  static void environment(ConfigurableApplicationContext context, Map<String, Object> variables) {
    context.getEnvironment().getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
  }

  @Test
  void optionsBindInEverySpellingSpringAccepts() {
    runner.withPropertyValues("sessions4j.max-age=30m", "sessions4j.cookieName=shop", "sessions4j.same-site=strict",
            "sessions4j.cookie.domain=example.com", "sessions4j.idletimeout=PT10M", "sessions4j.keys[0]=" + KEY,
            "sessions4j.keys[1]=" + "o".repeat(32), "sessions4j.store.timeout=1500ms")
        .run(context -> {
          SessionConfig config = context.getBean(SessionConfig.class);
          assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(30));
          assertThat(config.cookieName()).isEqualTo("shop");
          assertThat(config.sameSite()).isEqualTo(SameSite.STRICT);
          assertThat(config.cookieDomain()).isEqualTo("example.com");
          assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
          assertThat(config.keys().size()).isEqualTo(2);
          assertThat(config.storeTimeout()).as("store.timeout, YAML's store: {timeout: ...}").isEqualTo(Duration.ofMillis(1500));
          assertThat(config.store()).isInstanceOf(MemoryStore.class);
        });
  }

  @Test
  void withoutPropertiesTheDefaultsApplyOnAMemoryStore() {
    runner.run(context -> {
      SessionConfig config = context.getBean(SessionConfig.class);
      assertThat(config.mode()).isEqualTo(SessionMode.STORE);
      assertThat(config.maxAge()).isEqualTo(Duration.ofHours(24));
      assertThat(config.store()).isInstanceOf(MemoryStore.class).isSameAs(context.getBean(SessionStore.class));
      assertThat(context).hasSingleBean(SessionManager.class);
    });
  }

  @Test
  void anEnvironmentVariableWinsOverApplicationPropertiesWhateverTheSpelling() {
    runner.withInitializer(context -> {
          context.getEnvironment().getPropertySources().addLast(new MapPropertySource("application.properties",
              Map.of("sessions4j.max-age", "30m", "sessions4j.cookie-name", "from-properties")));
          environment(context, Map.of("SESSIONS4J_MAX_AGE", "2h", "SESSIONS4J_COOKIENAME", "from-env"));
        })
        .run(context -> {
          SessionConfig config = context.getBean(SessionConfig.class);
          assertThat(config.maxAge()).isEqualTo(Duration.ofHours(2));
          assertThat(config.cookieName()).isEqualTo("from-env");
        });
  }

  @Test
  void otherToolsEnvironmentVariablesAreIgnoredButMisspeltPropertiesStopTheApplication() {
    runner.withInitializer(context -> environment(context,
            Map.of("SESSIONS4J_JDBC_URL", "jdbc:h2:mem:x", "SESSIONS4J_REDIS_URI", "redis://nowhere:1",
                "SESSIONS4J_TEST_POSTGRES_URL", "jdbc:postgresql://nowhere/x")))
        .run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues("sessions4j.max-agee=30m")
        .run(context -> assertThat(failure(context))
            .hasMessageStartingWith("Invalid sessions4j configuration: Unknown session option 'max-agee'; known options: ["));
  }

  @Test
  void aBadValueStopsTheApplicationWithTheCoresMessageAndNeverShowsASecret() {
    runner.withPropertyValues("sessions4j.max-age=soon").run(context -> assertThat(failure(context))
        .hasMessage("Invalid sessions4j configuration: Invalid value for session option 'max-age': 'soon' — "
            + "expected a duration like PT30M, 30m, 2s, 500ms or 1800000"));
    runner.withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=tooshort-secret")
        .run(context -> assertThat(failure(context))
            .hasMessageStartingWith("Invalid sessions4j configuration:")
            .hasMessageNotContaining("tooshort-secret"));
  }

  @Test
  void bootsFailureReportSaysWhatIsWrongAndWhatToChange() {
    runner.withPropertyValues("sessions4j.max-age=soon").run(context -> {
      FailureAnalysis analysis = new SessionsFailureAnalyzer().analyze(context.getStartupFailure());
      assertThat(analysis.getDescription()).startsWith("Invalid sessions4j configuration: Invalid value for session "
          + "option 'max-age'");
      assertThat(analysis.getAction()).startsWith("Fix the sessions4j.* property named above");
    });
  }

  @Test
  void cookieModeWithoutKeysFailsAtStartup() {
    runner.withPropertyValues("sessions4j.mode=cookie").run(context -> assertThat(failure(context))
        .hasMessageStartingWith("Invalid sessions4j configuration:").hasMessageContaining("keys"));
  }

  @Test
  void cookieModeHasNoStore() {
    runner.withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=" + KEY).run(context -> {
      assertThat(context).doesNotHaveBean(SessionStore.class);
      assertThat(context.getBean(SessionConfig.class).mode()).isEqualTo(SessionMode.COOKIE);
    });
    runner.withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=" + KEY, "sessions4j.store=redis")
        .run(context -> assertThat(failure(context))
            .hasMessageContaining("sessions4j.store=redis has no effect in cookie mode"));
  }

  @Test
  void aMisspeltStarterPropertyStopsTheApplication() {
    runner.withPropertyValues("sessions4j.jdbc.tabel-name=x").run(context -> assertThat(failure(context))
        .hasMessageStartingWith("Unknown sessions4j property [sessions4j.jdbc.tabel-name]"));
  }

  @Test
  void theContainersSessionPropertiesAreNamedAsIneffective(CapturedOutput output) {
    runner.withPropertyValues("server.servlet.session.timeout=5m", "server.servlet.session.cookie.name=JSID")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output).contains("[server.servlet.session.cookie.name, server.servlet.session.timeout] configure the "
        + "servlet container's sessions, which sessions4j replaces");
  }

  @Test
  void aStoreThatDoesNotExistIsRefusedAtStartup() {
    runner.withPropertyValues("sessions4j.store=jdbcc").run(context -> assertThat(context).getFailure()
        .hasStackTraceContaining("sessions4j.store"));
  }

  @Test
  void customizersRunInTheirOrderAfterTheProperties() {
    runner.withPropertyValues("sessions4j.cookie-name=from-properties")
        .withUserConfiguration(Customizers.class)
        .run(context -> assertThat(context.getBean(SessionConfig.class).cookieName()).isEqualTo("second"));
  }

  static class Customizers {
    @org.springframework.context.annotation.Bean
    @Order(2)
    SessionConfigCustomizer second() {
      return builder -> builder.cookieName("second");
    }

    @org.springframework.context.annotation.Bean
    @Order(1)
    SessionConfigCustomizer first() {
      return builder -> builder.cookieName("first");
    }
  }

  @Test
  void yourOwnBeansReplaceTheDefaults() {
    SessionConfig own = SessionConfig.builder().cookieName("own").build();
    runner.withBean(SessionConfig.class, () -> own).run(context -> {
      assertThat(context.getBean(SessionManager.class).config()).isSameAs(own);
    });
    SessionManager manager = SessionManager.create(SessionConfig.builder().build());
    runner.withBean(SessionManager.class, () -> manager).withPropertyValues("sessions4j.max-age=not-read")
        .run(context -> {
          assertThat(context.getBean(SessionManager.class)).isSameAs(manager);
          assertThat(context).doesNotHaveBean("sessions4jConfig");
        });
    manager.close();
  }

  @Test
  void sessionsCanBeTurnedOff() {
    runner.withPropertyValues("sessions4j.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SessionManager.class).doesNotHaveBean(SessionConfig.class));
  }

  @Test
  void theMemoryStoreIsClosedWithTheContext() {
    MemoryStore[] store = new MemoryStore[1];
    runner.run(context -> {
      store[0] = context.getBean(MemoryStore.class);
      SessionManager manager = context.getBean(SessionManager.class);
      TestExchange exchange = new TestExchange();
      Session session = manager.load(exchange).toCompletableFuture().join();
      session.put("user", "ada");
      manager.commit(exchange, session).toCompletableFuture().join();
      assertThat(store[0].length().toCompletableFuture().join()).isEqualTo(1);
    });
    assertThat(store[0].length().toCompletableFuture().join()).isZero();
  }

  /** The {@link SessionsConfigurationException} that stopped the context. */
  static SessionsConfigurationException failure(AssertableApplicationContext context) {
    Throwable t = context.getStartupFailure();
    while (t != null && !(t instanceof SessionsConfigurationException)) {
      t = t.getCause();
    }
    assertThat(t).as("startup failure " + context.getStartupFailure()).isNotNull();
    return (SessionsConfigurationException) t;
  }
}
