package io.sessions4j.examples.servlet;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.examples.pages.ExampleArgs;
import io.sessions4j.examples.pages.ExampleKeys;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The servlet example: embedded Jetty 12, the sessions4j {@link SessionFilter} in front of one
 * small servlet ({@link ShopServlet}). Store mode keeps sessions in memory; {@code --mode cookie}
 * keeps the whole session in an encrypted cookie. Both are keyed by the environment variable {@value
 * ExampleKeys#ENV} (a dev-only key is generated, with a warning, when it is not set), and the page shows
 * the decision trace.
 *
 * <pre>
 * scripts/example servlet [--mode store|cookie] [--port 8080]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {


  private final Server server;

  private ExampleApp(Server server) {
    this.server = server;
  }

  /**
   * Starts the app on all interfaces at {@code port} (0 = any free port).
   *
   * @param key the secret that signs the id cookie (store mode) or encrypts the session cookie (cookie mode)
   */
  public static ExampleApp start(SessionMode mode, int port, String key) throws Exception {
    SessionConfig.Builder config = SessionConfig.builder()
        // store: the id in the cookie, the data in the (memory) store; cookie: the whole session in the cookie
        .mode(mode)
        // signs the id cookie (store mode) and encrypts the session cookie (cookie mode): a client
        // can neither forge an id nor read or change a cookie-mode session
        .keys(key)
        // Secure cookie whenever the request is HTTPS (the default; this example serves plain HTTP)
        .secure(SessionConfig.Secure.AUTO)
        // the cookie and the session last 30 minutes from the last change (each change re-sends the cookie)
        .maxAge(Duration.ofMinutes(30))
        // and end after 15 minutes without a request, whatever the cookie says (enforced by the server)
        .idleTimeout(Duration.ofMinutes(15))
        // the decision trace, a development aid: the page shows what the engine did and why, and each
        // request logs one DEBUG line (ids redacted). Leave it off in production.
        .trace(true);
    Server server = new Server(new InetSocketAddress(port));
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder sessions = new FilterHolder(new SessionFilter(config.build()));
    sessions.setAsyncSupported(true);
    context.addFilter(sessions, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC));
    context.addServlet(new ServletHolder(new ShopServlet(mode)), "/*");
    server.setHandler(context);
    server.start();
    return new ExampleApp(server);
  }

  /** The port the app listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  public static void main(String[] args) throws Exception {
    ExampleArgs options = ExampleArgs.parse(args).requireNoOthers();
    SessionMode mode = options.mode();
    int port = options.port();
    String key = ExampleKeys.fromEnvironment();
    ExampleApp app = start(mode, port, key);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    System.out.println("sessions4j servlet example (" + mode.name().toLowerCase(Locale.ROOT)
        + " mode) on http://localhost:" + app.port() + "/  — Ctrl+C to stop");
    app.server.join();
  }
}
