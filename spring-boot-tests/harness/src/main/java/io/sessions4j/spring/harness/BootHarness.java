package io.sessions4j.spring.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.Sessions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;

/**
 * The conformance harness on Spring Boot (CONFORMANCE.md): a Boot app (Tomcat, Spring MVC,
 * Spring Security in front of every route, all permitted) where each supported profile's sessions4j
 * {@link SessionFilter} runs ahead of Spring Security's chain for {@code /p/{profile}/*}, and a Spring
 * MVC controller runs the route with {@link ConformanceHarness} and writes its {@link RouteResult}.
 * Unsupported profiles get no session and answer 501.
 *
 * <p>Compiled against Boot 3.5 and run on Boot 3.5 ({@code spring-boot-tests/boot3}, whose test
 * classpath {@code scripts/harness spring-boot PORT} runs it from) and on Boot 4.0 ({@code
 * spring-boot-tests/boot4}): it uses only API both have. Usage: {@code BootHarness [PORT]}; prints {@code READY
 * http://127.0.0.1:PORT} once it accepts requests and runs until killed.
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
public class BootHarness {
  private static final String TOMCAT_USER_DATA_LOG = "org.apache.juli.logging.UserDataHelper.CONFIG";
  /** Ahead of Spring Security's chain (-100) and everything else: the starter's (and Spring Session's) order. */
  private static final int FILTER_ORDER = Integer.MIN_VALUE + 50;

  /** A running harness; closing it stops the app and the profiles' stores. */
  public record Running(ConfigurableApplicationContext context, ConformanceHarness harness) implements AutoCloseable {
    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
      return URI.create("http://" + HarnessMain.HOST + ":" + context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
      try {
        context.close();
      } finally {
        harness.close();
      }
    }
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port), store profiles configured from {@code env}. */
  public static Running start(int port, Map<String, String> env) {
    ConformanceHarness harness = ConformanceHarness.create(env);
    try {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(BootHarness.class)
          .initializers(app -> app.getBeanFactory().registerSingleton("conformanceHarness", harness))
          .properties(Map.of(
              "server.address", HarnessMain.HOST,
              "server.port", Integer.toString(port),
              "spring.main.banner-mode", "off",
              // one filter per profile here, not the starter's single one (it is on this module's
              // test classpath for the login-flow apps)
              "sessions4j.enabled", "false",
              // Spring MVC's ServletRequestHandledEvent asks every request for its session id and
              // user (Spring Security then loads the context from the session): a store read per
              // request, even for a handler that never uses its session. See flashMapManager().
              "spring.mvc.publish-request-handled-events", "false",
              // the kit's own error route checks only "not 200": keep Boot's error answer small
              "server.error.include-stacktrace", "never"))
          .run();
      return new Running(context, harness);
    } catch (RuntimeException e) {
      harness.close();
      throw e;
    }
  }

  /** Every route permitted: Spring Security's filters run (headers, CSRF, request cache) but ask for no login. */
  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
  }

  /**
   * No flash attributes. Spring MVC's default {@code SessionFlashMapManager} looks for flash
   * attributes in the session on every request the DispatcherServlet handles ({@code
   * getSession(false)}, then {@code getAttribute}), which costs a store read for every request
   * with a session cookie, even one whose handler never uses its session: the lazy-loading checks
   * (H5.6) would measure Spring MVC, not sessions4j. An application that uses no flash attributes
   * can do the same.
   */
  @Bean(name = DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
  FlashMapManager flashMapManager() {
    return new FlashMapManager() {
      @Override
      public FlashMap retrieveAndUpdate(HttpServletRequest request, HttpServletResponse response) {
        return null;
      }

      @Override
      public void saveOutputFlashMap(FlashMap flashMap, HttpServletRequest request, HttpServletResponse response) {
        // nothing to keep
      }
    };
  }

  /** The profiles' session filters, ahead of Spring Security's chain, as an application registers sessions4j. */
  @Bean
  FilterRegistrationBean<ProfileSessions> sessions(ConformanceHarness harness) {
    FilterRegistrationBean<ProfileSessions> registration = new FilterRegistrationBean<>(new ProfileSessions(harness));
    registration.setOrder(FILTER_ORDER);
    registration.setAsyncSupported(true);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC);
    registration.addUrlPatterns(ProtocolRoute.PREFIX + "*");
    return registration;
  }

  /**
   * One {@link SessionFilter} per supported profile, chosen by the request path; control routes and
   * unsupported profiles pass through without a session (control routes must not touch the store).
   */
  static final class ProfileSessions implements Filter {
    private final Map<String, SessionFilter> filters = new LinkedHashMap<>();

    ProfileSessions(ConformanceHarness harness) {
      for (String profile : harness.profiles()) {
        SessionManager manager = harness.manager(profile);
        if (manager != null) {
          filters.put(profile, new SessionFilter(manager));
        }
      }
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      for (SessionFilter filter : filters.values()) {
        filter.init(config);
      }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      ProtocolRoute route = ProtocolRoute.parse(((HttpServletRequest) request).getRequestURI());
      SessionFilter sessions = route == null || ConformanceHarness.isControlRoute(route.route())
          ? null : filters.get(route.profile());
      if (sessions == null) {
        chain.doFilter(request, response);
      } else {
        sessions.doFilter(request, response, chain);
      }
    }

    @Override
    public void destroy() {
      filters.values().forEach(SessionFilter::destroy);
    }
  }

  /** Runs {@code /p/{profile}/{route}} and writes its result. */
  @RestController
  static class Routes {
    private final ConformanceHarness harness;

    Routes(ConformanceHarness harness) {
      this.harness = harness;
    }

    @RequestMapping("/p/**")
    void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
      ProtocolRoute route = ProtocolRoute.parse(request.getRequestURI());
      if (route == null) {
        writeJson(response, 404, "{\"error\":\"not a protocol path: /p/{profile}/{route}\"}");
        return;
      }
      Map<String, List<String>> query = ProtocolRoute.parseQuery(request.getQueryString());
      Session session = request.getAttribute(Sessions.ATTRIBUTE) == null ? null : Sessions.of(request);
      RouteResult result = harness.handle(route.profile(), route.route(), query, session);
      // the application's own cookies go in before the session commits
      for (String cookie : result.setCookies()) {
        response.addHeader("Set-Cookie", cookie);
      }
      if (result instanceof RouteResult.Json json) {
        writeJson(response, json.status(), json.body());
      } else if (result instanceof RouteResult.Throw failure) {
        throw failure.exception(); // Spring MVC's and Boot's own error handling answers
      } else if (result instanceof RouteResult.Stream stream) {
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        ServletOutputStream out = response.getOutputStream();
        for (String chunk : stream.chunks()) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } else if (result instanceof RouteResult.Redirect redirect) {
        response.sendRedirect(redirect.location());
      }
    }

    private static void writeJson(HttpServletResponse response, int status, String body) throws IOException {
      response.setStatus(status);
      response.setContentType("application/json;charset=UTF-8");
      response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** {@code BootHarness [PORT]}: serves the protocol until killed. */
  public static void main(String[] args) throws InterruptedException {
    // Tomcat logs the raw Cookie header of a request with an invalid cookie (session cookies
    // included) unless told not to (docs/reliability.md, "Secrets in logs")
    if (System.getProperty(TOMCAT_USER_DATA_LOG) == null) {
      System.setProperty(TOMCAT_USER_DATA_LOG, "NONE");
    }
    Running running = start(HarnessMain.port(args), System.getenv());
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "spring-boot-harness-shutdown"));
    HarnessMain.ready(running.uri().getPort());
    Thread.currentThread().join();
  }
}
