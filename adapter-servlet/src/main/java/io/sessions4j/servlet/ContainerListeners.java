package io.sessions4j.servlet;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;

/**
 * Finds the session listeners registered with the container — in {@code web.xml}, by {@code
 * @WebListener}, or with {@code ServletContext.addListener} (what Spring Boot's {@code
 * ServletListenerRegistrationBean} and listener beans do) — so that the filter can tell them about
 * sessions4j sessions. The Servlet API has no way to list them, so this asks the container through
 * its own public API, by reflection (the adapter depends on no container):
 *
 * <ul>
 *   <li>Tomcat 10.1/11: the context's {@code WebResourceRoot} is the servlet context attribute
 *       {@code org.apache.catalina.resources}; its {@code getContext()} is the {@code
 *       org.apache.catalina.Context}, whose {@code getApplicationLifecycleListeners()} and {@code
 *       getApplicationEventListeners()} hold the listener instances once the context has started
 *       its listeners, which it does before it initialises filters.
 *   <li>Jetty 12 (ee10, ee11): {@code ServletContextHandler.getServletContextHandler(servletContext)
 *       .getEventListeners()}.
 * </ul>
 *
 * On another container nothing is found and listeners must be given to the filter ({@link
 * SessionFilter#addListener}, or the {@code httpSessionListeners} init-param).
 */
final class ContainerListeners {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  private static final String TOMCAT_RESOURCES = "org.apache.catalina.resources";
  private static final String[] JETTY_HANDLERS = {
    "org.eclipse.jetty.ee10.servlet.ServletContextHandler", "org.eclipse.jetty.ee11.servlet.ServletContextHandler"
  };

  private ContainerListeners() {}

  /** The session listeners registered with the container of {@code context}; empty when it cannot say. */
  static List<EventListener> registeredWith(ServletContext context) {
    List<EventListener> found = new ArrayList<>();
    try {
      if (!tomcat(context, found)) {
        jetty(context, found);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "could not read the session listeners registered with " + context.getServerInfo()
          + " (" + e + "); give them to the SessionFilter (addListener or the httpSessionListeners init-param)");
    }
    return found;
  }

  private static boolean tomcat(ServletContext context, List<EventListener> found) throws ReflectiveOperationException {
    Object resources = context.getAttribute(TOMCAT_RESOURCES);
    if (resources == null) {
      return false;
    }
    ClassLoader loader = resources.getClass().getClassLoader();
    Class<?> resourceRoot = Class.forName("org.apache.catalina.WebResourceRoot", false, loader);
    Class<?> tomcatContext = Class.forName("org.apache.catalina.Context", false, loader);
    Object standardContext = resourceRoot.getMethod("getContext").invoke(resources);
    for (String getter : new String[] {"getApplicationLifecycleListeners", "getApplicationEventListeners"}) {
      for (Object listener : (Object[]) tomcatContext.getMethod(getter).invoke(standardContext)) {
        addSessionListener(listener, found);
      }
    }
    return true;
  }

  private static void jetty(ServletContext context, List<EventListener> found) throws ReflectiveOperationException {
    for (String name : JETTY_HANDLERS) {
      Class<?> handlerClass;
      try {
        handlerClass = Class.forName(name, false, context.getClass().getClassLoader());
      } catch (ClassNotFoundException notThisOne) {
        continue;
      }
      Object handler = handlerClass.getMethod("getServletContextHandler", ServletContext.class).invoke(null, context);
      if (handler == null) {
        continue;
      }
      Method listeners = handler.getClass().getMethod("getEventListeners");
      for (Object listener : (List<?>) listeners.invoke(handler)) {
        addSessionListener(listener, found);
      }
      return;
    }
  }

  private static void addSessionListener(Object listener, List<EventListener> found) {
    if (HttpSessionEvents.isSessionListener(listener) && !found.contains(listener)) {
      found.add((EventListener) listener);
    }
  }
}
