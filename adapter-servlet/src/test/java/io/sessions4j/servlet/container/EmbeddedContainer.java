package io.sessions4j.servlet.container;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.URI;

/**
 * A servlet container started in-process for tests and the conformance harness: the application
 * is set up through the standard {@link ServletContext} API, so the same setup runs on every
 * container.
 */
public interface EmbeddedContainer extends AutoCloseable {

  /** Registers filters and servlets, as a {@code ServletContainerInitializer} would. */
  @FunctionalInterface
  interface Setup {
    void onStartup(ServletContext context) throws ServletException;
  }

  /** Starts the container on {@code host:port} (0 = any free port); returns its base URI. */
  URI start(String host, int port, Setup setup) throws Exception;

  /** The container's name and version, for test names and logs. */
  String name();

  @Override
  void close() throws Exception;

  /** A container by name: {@code jetty} (Jetty 12, ee10) or {@code tomcat}. */
  static EmbeddedContainer named(String name) {
    return switch (name) {
      case "jetty" -> new JettyContainer();
      case "tomcat" -> new TomcatContainer();
      default -> throw new IllegalArgumentException("unknown container '" + name + "': use jetty or tomcat");
    };
  }
}
