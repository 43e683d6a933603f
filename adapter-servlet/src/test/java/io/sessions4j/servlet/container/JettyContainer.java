package io.sessions4j.servlet.container;

import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 (ee10) with one servlet context at the root and no container sessions. */
final class JettyContainer implements EmbeddedContainer {
  private Server server;

  @Override
  public URI start(String host, int port, Setup setup) throws Exception {
    server = new Server(new InetSocketAddress(host, port));
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer((classes, servletContext) -> setup.onStartup(servletContext));
    server.setHandler(context);
    server.start();
    int actual = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://" + host + ":" + actual);
  }

  @Override
  public String name() {
    return "Jetty " + Server.getVersion();
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.stop();
    }
  }
}
