package io.sessions4j.examples.webflux;

import static org.springframework.security.config.Customizer.withDefaults;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.ExampleArgs;
import io.sessions4j.examples.pages.ExampleKeys;
import io.sessions4j.spring.security.SpringSecuritySessions;
import io.sessions4j.webflux.SessionFailureHandler;
import io.sessions4j.webflux.SessionsWebSessionManager;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The Spring WebFlux example: Spring WebFlux and Spring Security's reactive form login on Reactor
 * Netty, without Spring Boot, with the adapter's {@link SessionsWebSessionManager} as the
 * application's {@code webSessionManager}. Store mode keeps sessions in memory; {@code --mode
 * cookie} keeps the whole session — the security context included — in an encrypted cookie, keyed by
 * the environment variable {@value ExampleKeys#ENV}. (With Spring Boot, the starter sets this up by itself.)
 *
 * <pre>
 * scripts/example webflux [--mode store|cookie] [--port 8080]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {

  private final AnnotationConfigApplicationContext context;
  private final DisposableServer server;

  private ExampleApp(AnnotationConfigApplicationContext context, DisposableServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * Starts the app at {@code port} (0 = any free port).
   *
   * @param key the secret that signs the id cookie (store mode) or encrypts the session cookie (cookie mode)
   */
  public static ExampleApp start(SessionMode mode, int port, String key) {
    SessionConfig.Builder config = SessionConfig.builder()
        // store: the id in the cookie, the data in the (memory) store; cookie: the whole session in the cookie
        .mode(mode)
        // signs the id cookie (store mode) and encrypts the session cookie (cookie mode): a client
        // can neither forge an id nor read or change a cookie-mode session
        .keys(key)
        // the session ends after 30 minutes without a request, whatever the cookie says
        .idleTimeout(Duration.ofMinutes(30))
        // Secure cookie whenever the request is HTTPS (the default; this example serves plain HTTP)
        .secure(SessionConfig.Secure.AUTO)
        // the decision trace, a development aid: the page shows what the engine did and why, and each
        // request logs one DEBUG line (ids redacted). Leave it off in production.
        .trace(true);
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    // Spring Security's objects (context, CSRF token) as JSON through its own Jackson modules
    context.registerBean(SessionManager.class, () -> SessionManager.create(SpringSecuritySessions.configure(config).build()));
    context.register(Shop.class);
    context.refresh();
    DisposableServer server = HttpServer.create()
        .port(port)
        .handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build()))
        .bindNow();
    return new ExampleApp(context, server);
  }

  /** The port the app listens on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
    context.close();
  }

  /** The application: routes, Spring Security, and sessions4j's session manager. */
  @Configuration(proxyBeanMethods = false)
  @EnableWebFlux
  @EnableWebFluxSecurity
  static class Shop {
    /** The name {@code WebHttpHandlerBuilder.applicationContext} looks for: every exchange's session is sessions4j's. */
    @Bean
    SessionsWebSessionManager webSessionManager(SessionManager sessions) {
      return new SessionsWebSessionManager(sessions);
    }

    /** A store outage answers 503 with Retry-After. */
    @Bean
    SessionFailureHandler sessionFailureHandler() {
      return new SessionFailureHandler();
    }

    @Bean
    MapReactiveUserDetailsService users() {
      return new MapReactiveUserDetailsService(User.withUsername("ada").password("{noop}secret").roles("USER").build());
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http) {
      return http
          .authorizeExchange(exchanges -> exchanges.pathMatchers("/account").authenticated().anyExchange().permitAll())
          .formLogin(withDefaults())
          .logout(withDefaults())
          .build();
    }

    @Bean
    RouterFunction<ServerResponse> routes() {
      ShopRoutes shop = new ShopRoutes();
      return RouterFunctions.route(RequestPredicates.GET("/"), shop::home)
          .andRoute(RequestPredicates.POST("/cart"), shop::addToCart)
          .andRoute(RequestPredicates.GET("/account"), shop::account);
    }
  }

  public static void main(String[] args) {
    ExampleArgs options = ExampleArgs.parse(args).requireNoOthers();
    SessionMode mode = options.mode();
    int port = options.port();
    String key = ExampleKeys.fromEnvironment();
    ExampleApp app = start(mode, port, key);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "example-shutdown"));
    System.out.println("sessions4j WebFlux example (" + mode.name().toLowerCase(Locale.ROOT)
        + " mode) on http://localhost:" + app.port() + "/  — Ctrl+C to stop");
    app.server.onDispose().block();
  }
}
