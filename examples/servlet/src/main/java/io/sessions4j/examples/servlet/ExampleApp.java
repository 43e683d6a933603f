package io.sessions4j.examples.servlet;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
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
 * keeps the whole session in an encrypted cookie, keyed by the environment variable {@value
 * #KEY_ENV}.
 *
 * <pre>
 * scripts/example servlet [--mode store|cookie] [--port 8080]
 * </pre>
 */
public final class ExampleApp implements AutoCloseable {
  /** The environment variable holding the cookie-mode secret (32+ random bytes, e.g. base64). */
  public static final String KEY_ENV = "SESSIONS4J_KEYS";

  private final Server server;

  private ExampleApp(Server server) {
    this.server = server;
  }

  /**
   * Starts the app on all interfaces at {@code port} (0 = any free port).
   *
   * @param key the cookie-mode secret; ignored in store mode
   */
  public static ExampleApp start(SessionMode mode, int port, String key) throws Exception {
    SessionConfig.Builder config = SessionConfig.builder().mode(mode);
    if (mode == SessionMode.COOKIE) {
      config.keys(key);
    }
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
    SessionMode mode = SessionMode.STORE;
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--mode") && i + 1 < args.length) {
        mode = SessionMode.valueOf(args[++i].toUpperCase(Locale.ROOT));
      } else if (arg.equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: ExampleApp [--mode store|cookie] [--port N]");
        System.exit(2);
      }
    }
    String key = null;
    if (mode == SessionMode.COOKIE) {
      key = System.getenv(KEY_ENV);
      if (key == null || key.isBlank()) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        key = Base64.getEncoder().encodeToString(random);
        System.err.println("WARNING: " + KEY_ENV + " is not set, so this run encrypts session cookies with a random key:"
            + " sessions will not survive a restart. Set " + KEY_ENV + " to 32+ random bytes"
            + " (e.g. `openssl rand -base64 48`) to keep them.");
      }
    }
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
