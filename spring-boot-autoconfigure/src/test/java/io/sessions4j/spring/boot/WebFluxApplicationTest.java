package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionManager;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Reactive applications get the WebFlux adapter: {@code webSessionManager} is a {@link
 * SessionsWebSessionManager} on the engine bean — over HTTP in a whole Spring Boot WebFlux
 * application with every auto-configuration of the classpath (Boot 3 here, Boot 4 in boot4-tests),
 * Spring Security included — and servlet applications do not; Boot's WebFlux session properties
 * are named as ineffective.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebFluxApplicationTest {
  static final Pattern SESSION_COOKIE = Pattern.compile("^sid=([^;]*)");

  final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsWebFluxAutoConfiguration.class));

  @Test
  void aReactiveApplicationsWebSessionManagerIsTheAdaptersOnTheEngineBean() {
    reactive.run(context -> {
      WebSessionManager manager = context.getBean("webSessionManager", WebSessionManager.class);
      assertThat(manager).isInstanceOf(SessionsWebSessionManager.class);
      assertThat(((SessionsWebSessionManager) manager).manager()).isSameAs(context.getBean(SessionManager.class));
      assertThat(context).hasSingleBean(SessionFailureHandler.class);
    });
  }

  @Test
  void webFluxsOwnSessionPropertiesAreNamedAsIneffective(CapturedOutput output) {
    reactive.withPropertyValues("server.reactive.session.timeout=5m", "spring.webflux.session.cookie.name=JSID")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(output).contains("[server.reactive.session.timeout, spring.webflux.session.cookie.name] configure "
        + "Spring WebFlux's own sessions, which sessions4j replaces");
  }

  @Test
  void yourOwnWebSessionManagerReplacesTheStarters() {
    reactive.withBean("webSessionManager", WebSessionManager.class, DefaultWebSessionManager::new)
        .run(context -> assertThat(context.getBean("webSessionManager")).isInstanceOf(DefaultWebSessionManager.class));
  }

  @Test
  void withoutTheWebFluxAdapterWebFluxKeepsItsOwnSessions() {
    reactive.withClassLoader(new FilteredClassLoader(SessionsWebSessionManager.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SessionManager.class);
      assertThat(context).doesNotHaveBean("webSessionManager").doesNotHaveBean(SessionFailureHandler.class);
    });
  }

  @Test
  void aReactiveApplicationInCookieModeGetsNoServletRequestCache() {
    reactive.withConfiguration(AutoConfigurations.of(SessionsSecurityAutoConfiguration.class))
        .withPropertyValues("sessions4j.mode=cookie", "sessions4j.keys=a-test-key-of-at-least-thirty-two-bytes!")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SessionsWebSessionManager.class);
          assertThat(context).doesNotHaveBean("sessions4jCookieModeRequestCache");
        });
  }

  @Test
  void aServletApplicationGetsNoWebSessionManager() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsWebFluxAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(SessionsWebSessionManager.class));
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll()).build();
    }

    @Bean
    RouterFunction<ServerResponse> routes() {
      return RouterFunctions.route(RequestPredicates.GET("/count"), request -> request.session().flatMap(session -> {
        Integer views = session.getAttribute("views");
        session.getAttributes().put("views", views == null ? 1 : views + 1);
        return ServerResponse.ok().bodyValue("views: " + session.getAttributes().get("views"));
      }));
    }
  }

  @Test
  void aWebFluxApplicationKeepsItsSessionInSessions4j() throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.REACTIVE)
        .properties("server.port=0", "server.address=127.0.0.1")
        .run()) {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/count")).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher cookie = SESSION_COOKIE.matcher(first.headers().firstValue("Set-Cookie").orElse(""));
      assertThat(cookie.find()).as("sessions4j's cookie, sid, not Spring's SESSION: %s", first.headers().map()).isTrue();
      HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(base + "/count"))
          .header("Cookie", "sid=" + cookie.group(1)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(first.body()).isEqualTo("views: 1");
      assertThat(second.body()).isEqualTo("views: 2");
    }
  }
}
