package io.sessions4j.bench.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The same Jetty 12 (ee10) set-up for every Java variant: one connector, default thread pool. */
public final class Jetty {
  private Jetty() {}

  /** A context with the servlet on {@code /*} behind {@code filter} (none when null). */
  public static ServletContextHandler context(boolean sessions, Filter filter, int options) {
    ServletContextHandler context = new ServletContextHandler(options);
    context.setContextPath("/");
    if (filter != null) {
      FilterHolder holder = new FilterHolder(filter);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC));
    }
    context.addServlet(new ServletHolder(new BenchServlet(sessions)), "/*");
    return context;
  }

  /** Starts the server and prints {@code READY port variant} once it accepts connections. */
  public static Server start(int port, ServletContextHandler context, String variant) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Jetty's default (1024) unless BENCH_HEADER_CACHE says otherwise: an experiment knob, see PROFILING.md.
    String headerCache = System.getenv("BENCH_HEADER_CACHE");
    if (headerCache != null && !headerCache.isBlank()) {
      http.setHeaderCacheSize(Integer.parseInt(headerCache.trim()));
    }
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();
    System.out.println("READY " + connector.getLocalPort() + " " + variant);
    System.out.flush();
    return server;
  }
}
