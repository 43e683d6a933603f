package io.sessions4j.quarkus;

import io.quarkus.arc.DefaultBean;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.config.ConfigTree;
import io.sessions4j.core.store.SessionStore;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CDI side of the adapter: the {@link SessionConfig} built from {@code sessions4j.*}
 * properties, the {@link SessionManager} on it, and the request's {@link Session}.
 *
 * <p>The first two are default beans: an application that produces its own {@code SessionConfig}
 * (e.g. with hooks or a JDBC/Redis store built in code) or {@code SessionManager} replaces them. A
 * {@link SessionStore} bean alone is picked up by the property-built configuration (observed, when
 * the application has an {@code ObservationRegistry} bean: {@link SessionsObservability}).
 */
@Singleton
public class SessionsProducer {
  private static final String REDIS_OPTIONS = "redis.";

  /**
   * The configuration from {@code sessions4j.*}, on the application's {@link SessionStore} bean
   * when there is one (else the memory store). Names that are not options but are set as {@code
   * SESSIONS4J_*} environment variables (other tools', which SmallRye maps under the prefix) are
   * skipped.
   *
   * @throws IllegalArgumentException naming the option, when one is unknown or invalid
   */
  @Produces
  @Singleton
  @DefaultBean
  public SessionConfig sessionConfig(SessionsConfig properties, Instance<SessionStore> store) {
    SessionConfig.Builder builder = fromProperties(
        ConfigTree.withoutOtherToolsVariables(engineOptions(properties.options()), System.getenv().keySet()));
    if (store.isResolvable()) {
      builder.store(SessionsObservability.observed(store.get(), properties.options()));
    }
    return build(builder);
  }

  /** The engine; closed (with the memory store it created) when the application stops. */
  @Produces
  @Singleton
  @DefaultBean
  public SessionManager sessionManager(SessionConfig config) {
    return SessionManager.create(config);
  }

  void close(@Disposes SessionManager manager) {
    manager.close();
  }

  /**
   * The current request's session, for Quarkus REST resources and other request-scoped code that
   * runs with the request's {@link RoutingContext}.
   */
  @Produces
  @RequestScoped
  public Session session(RoutingContext ctx) {
    return Sessions.of(ctx);
  }

  /**
   * The engine's options: all but {@code sessions4j.redis.*}, which belong to the Redis store
   * (adapter-quarkus-redis checks those), and {@code sessions4j.metrics.enabled} / {@code
   * sessions4j.tracing.enabled} ({@link SessionsObservability}).
   */
  static Map<String, String> engineOptions(Map<String, String> options) {
    Map<String, String> engine = new TreeMap<>(options);
    engine.keySet().removeIf(name -> name.startsWith(REDIS_OPTIONS) || SessionsObservability.OPTIONS.contains(name));
    return engine;
  }

  /** A builder with the {@code sessions4j.*} options applied, their errors naming the property. */
  static SessionConfig.Builder fromProperties(Map<String, String> options) {
    try {
      return SessionProperties.toBuilder(new TreeMap<>(options));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sessions4j configuration (properties sessions4j.*): " + e.getMessage(), e);
    }
  }

  static SessionConfig build(SessionConfig.Builder builder) {
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("sessions4j configuration (properties sessions4j.*): " + e.getMessage(), e);
    }
  }
}
