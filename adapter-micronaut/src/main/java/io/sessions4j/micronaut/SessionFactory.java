package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.naming.conventions.StringConvention;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.config.ConfigTree;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The default beans: a {@link SessionConfig} from the {@code sessions4j.*} properties (plus any
 * {@link SessionConfigCustomizer}s) and the {@link SessionManager} the {@link SessionFilter} uses.
 * Define your own {@code SessionConfig} or {@code SessionManager} bean to replace either.
 *
 * <p>The manager is created eagerly, so a misconfiguration ({@code sessions4j.mode=cookie} without
 * {@code sessions4j.keys}, an unknown option, a bad duration) stops the application at startup
 * with a message naming the option.
 */
@Factory
public class SessionFactory {

  /** The property prefix: {@code sessions4j.max-age=30m}, {@code sessions4j.keys=...}. */
  public static final String PREFIX = "sessions4j";

  /**
   * The configuration from the {@code sessions4j.*} properties (names and values as in {@link
   * SessionProperties}), then the customizers; the store they chose is observed ({@link
   * StoreObservations}) when the application has an {@code ObservationRegistry}.
   *
   * @throws ConfigurationException naming the offending option
   */
  @Singleton
  @Requires(missingBeans = SessionConfig.class)
  public SessionConfig sessionConfig(Environment environment, List<SessionConfigCustomizer> customizers,
      Optional<StoreObservations> observations) {
    Map<String, String> options = options(environment);
    try {
      SessionConfig.Builder builder = SessionProperties.toBuilder(options);
      customizers.forEach(c -> c.customize(builder));
      observations.ifPresent(o -> builder.decorateStore(o::observe));
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigurationException("Invalid sessions4j configuration: " + e.getMessage(), e);
    }
  }

  /** The engine, closed (with the memory store it owns) when the application stops. */
  @Context
  @Bean(preDestroy = "close")
  @Requires(missingBeans = SessionManager.class)
  public SessionManager sessionManager(SessionConfig config) {
    return SessionManager.create(config);
  }

  /**
   * The {@code sessions4j.*} properties as option name → string value, whatever their source:
   * {@code max-age} and {@code maxAge} in properties or YAML, nested YAML blocks ({@code cookie:
   * name:} gives {@code cookie.name}), environment variables ({@code SESSIONS4J_MAX_AGE} gives
   * {@code max.age} / {@code max-age}); {@link SessionProperties} reads all of them as {@code
   * maxAge}. A list ({@code keys: [a, b]}) is joined with commas. {@code SESSIONS4J_*} variables that
   * are not options (other tools', such as {@code SESSIONS4J_JDBC_URL}) are left out: only misspelt
   * options in configuration files stop the application.
   */
  static Map<String, String> options(Environment environment) {
    Map<String, Object> leaves = new LinkedHashMap<>();
    environment.getProperties(PREFIX, StringConvention.HYPHENATED).forEach((name, value) -> {
      // a nested block or one element of a list: Micronaut lists the leaves / the whole list too
      if (!(value instanceof Map<?, ?>) && name.indexOf('[') < 0) {
        leaves.put(name, value);
      }
    });
    return new TreeMap<>(ConfigTree.withoutOtherToolsVariables(ConfigTree.flatten(leaves),
        sessionEnvironmentVariables(environment)));
  }

  /** The SESSIONS4J_* names of the environment-variable property sources. */
  private static Set<String> sessionEnvironmentVariables(Environment environment) {
    Set<String> names = new HashSet<>();
    for (PropertySource source : environment.getPropertySources()) {
      if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
        for (String name : source) {
          if (name.startsWith(ConfigTree.ENVIRONMENT_PREFIX)) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }
}
