package io.sessions4j.servlet.container;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/** Embedded Tomcat with one context at the root; its own session manager is never used. */
final class TomcatContainer implements EmbeddedContainer {
  private Tomcat tomcat;
  private File baseDir;

  @Override
  public URI start(String host, int port, Setup setup) throws Exception {
    baseDir = Files.createTempDirectory("sessions4j-tomcat").toFile();
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", host);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.getAbsolutePath());
    context.addServletContainerInitializer((classes, servletContext) -> setup.onStartup(servletContext), null);
    tomcat.start();
    return URI.create("http://" + host + ":" + connector.getLocalPort());
  }

  @Override
  public String name() {
    return ServerInfo.getServerInfo();
  }

  @Override
  public void close() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (baseDir != null) {
      try (var paths = Files.walk(baseDir.toPath())) {
        paths.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(File::delete);
      }
      // Tomcat publishes its directories as JVM-wide properties; a later instance would adopt (and
      // re-create) this deleted one as its catalina.home
      for (String property : new String[] {"catalina.home", "catalina.base"}) {
        if (baseDir.getPath().equals(System.getProperty(property))) {
          System.clearProperty(property);
        }
      }
    }
  }
}
