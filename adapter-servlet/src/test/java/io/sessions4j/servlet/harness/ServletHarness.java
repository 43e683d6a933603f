package io.sessions4j.servlet.harness;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.HarnessMain;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.conformance.harness.RouteResult;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.Sessions;
import io.sessions4j.servlet.container.EmbeddedContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The conformance harness of the servlet adapter (CONFORMANCE.md): one embedded container (Jetty
 * 12 by default, or Tomcat) on 127.0.0.1 where every supported profile's {@link SessionFilter} is
 * mounted on {@code /p/{profile}/*}, in front of one servlet that runs the route with {@link
 * ConformanceHarness} and writes its {@link RouteResult}. Unsupported profiles have no filter and
 * answer 501.
 *
 * <p>It lives with the tests, not in the adapter's jar, because it needs the kit and the
 * containers, which must not become dependencies of applications using the adapter. {@code
 * scripts/harness servlet PORT} runs it from the test classpath the build writes.
 *
 * <p>Usage: {@code ServletHarness [PORT] [--container jetty|tomcat]}; prints {@code READY
 * http://127.0.0.1:PORT} once it accepts requests and runs until killed.
 */
public final class ServletHarness implements AutoCloseable {
  private final ConformanceHarness harness;
  private final EmbeddedContainer container;
  private final URI uri;

  private ServletHarness(ConformanceHarness harness, EmbeddedContainer container, URI uri) {
    this.harness = harness;
    this.container = container;
    this.uri = uri;
  }

  /** Starts the harness on {@code container} ("jetty" or "tomcat") at 127.0.0.1:{@code port} (0 = any). */
  public static ServletHarness start(String container, int port) throws Exception {
    ConformanceHarness harness = ConformanceHarness.create();
    EmbeddedContainer server = EmbeddedContainer.named(container);
    try {
      URI uri = server.start(HarnessMain.HOST, port, context -> mount(context, harness));
      return new ServletHarness(harness, server, uri);
    } catch (Exception e) {
      server.close();
      harness.close();
      throw e;
    }
  }

  private static void mount(ServletContext context, ConformanceHarness harness) {
    for (String profile : harness.profiles()) {
      SessionManager manager = harness.manager(profile);
      if (manager == null) {
        continue; // the route servlet answers 501 for it
      }
      FilterRegistration.Dynamic filter = context.addFilter("sessions-" + profile,
          new ProfileFilter(new SessionFilter(manager)));
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC), false,
          ProtocolRoute.PREFIX + profile + "/*");
    }
    ServletRegistration.Dynamic routes = context.addServlet("conformance-routes", new RouteServlet(harness));
    routes.setAsyncSupported(true);
    routes.addMapping(ProtocolRoute.PREFIX + "*");
  }

  /** The base URI, {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() throws Exception {
    try {
      container.close();
    } finally {
      harness.close();
    }
  }

  public static void main(String[] args) throws Exception {
    String container = "jetty";
    String port = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--container") && i + 1 < args.length) {
        container = args[++i];
      } else if (port == null) {
        port = args[i];
      } else {
        throw new IllegalArgumentException("usage: ServletHarness [PORT] [--container jetty|tomcat]");
      }
    }
    ServletHarness running = start(container, HarnessMain.port(port == null ? new String[0] : new String[] {port}));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }, "servlet-harness-shutdown"));
    HarnessMain.ready(running.uri().getPort());
    Thread.currentThread().join();
  }

  /** The session filter, except for control routes, which never use a session (and must not touch the store). */
  private static final class ProfileFilter implements Filter {
    private final SessionFilter sessions;

    ProfileFilter(SessionFilter sessions) {
      this.sessions = sessions;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      sessions.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      ProtocolRoute route = ProtocolRoute.parse(((HttpServletRequest) request).getRequestURI());
      if (route != null && ConformanceHarness.isControlRoute(route.route())) {
        chain.doFilter(request, response);
      } else {
        sessions.doFilter(request, response, chain);
      }
    }

    @Override
    public void destroy() {
      sessions.destroy();
    }
  }

  /** Runs {@code /p/{profile}/{route}} and writes its result. */
  private static final class RouteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ConformanceHarness harness;

    RouteServlet(ConformanceHarness harness) {
      this.harness = harness;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      ProtocolRoute route = ProtocolRoute.parse(req.getRequestURI());
      if (route == null) {
        writeJson(resp, 404, "{\"error\":\"not a protocol path: /p/{profile}/{route}\"}");
        return;
      }
      Map<String, List<String>> query = ProtocolRoute.parseQuery(req.getQueryString());
      Session session = req.getAttribute(Sessions.ATTRIBUTE) == null ? null : Sessions.of(req);
      RouteResult result = harness.handle(route.profile(), route.route(), query, session);
      // the application's own cookies go in before the session commits
      for (String cookie : result.setCookies()) {
        resp.addHeader("Set-Cookie", cookie);
      }
      if (result instanceof RouteResult.Json json) {
        writeJson(resp, json.status(), json.body());
      } else if (result instanceof RouteResult.Throw failure) {
        throw failure.exception();
      } else if (result instanceof RouteResult.Stream stream) {
        resp.setStatus(200);
        resp.setContentType("application/json;charset=UTF-8");
        ServletOutputStream out = resp.getOutputStream();
        for (String chunk : stream.chunks()) {
          out.write(chunk.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } else if (result instanceof RouteResult.Redirect redirect) {
        resp.sendRedirect(redirect.location());
      }
    }

    private static void writeJson(HttpServletResponse resp, int status, String body) throws IOException {
      resp.setStatus(status);
      resp.setContentType("application/json;charset=UTF-8");
      resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
