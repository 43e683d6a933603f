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
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
  private static final String ENV_PREFIX = "SESSIONS4J_";
  private static final System.Logger LOG = System.getLogger(SessionFactory.class.getName());

  /**
   * The configuration from the {@code sessions4j.*} properties (names and values as in {@link
   * SessionProperties}), then the customizers.
   *
   * @throws ConfigurationException naming the offending option
   */
  @Singleton
  @Requires(missingBeans = SessionConfig.class)
  public SessionConfig sessionConfig(Environment environment, List<SessionConfigCustomizer> customizers) {
    Map<String, String> options = options(environment);
    try {
      SessionConfig.Builder builder = SessionProperties.toBuilder(options);
      customizers.forEach(c -> c.customize(builder));
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
   * maxAge}. A list ({@code keys: [a, b]}) is joined with commas.
   */
  static Map<String, String> options(Environment environment) {
    Map<String, Object> properties = environment.getProperties(PREFIX, StringConvention.HYPHENATED);
    Set<String> environmentVariables = sessionEnvironmentVariables(environment);
    Map<String, String> options = new TreeMap<>();
    properties.forEach((name, value) -> {
      if (value instanceof Map<?, ?> || name.indexOf('[') >= 0) {
        return; // a nested block or one element of a list: the leaves / the whole list are listed too
      }
      if (!SessionProperties.isOption(name) && environmentVariables.contains(variableName(name))) {
        // SESSIONS4J_* variables are shared with other tools (SESSIONS4J_JDBC_URL, …): only
        // misspelt options in configuration files stop the application
        LOG.log(Level.DEBUG, "environment variable " + variableName(name) + " is not a session option; ignored");
        return;
      }
      options.put(name, value instanceof Collection<?> list
          ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
          : String.valueOf(value));
    });
    return options;
  }

  /** The SESSIONS4J_* names of the environment-variable property sources. */
  private static Set<String> sessionEnvironmentVariables(Environment environment) {
    Set<String> names = new HashSet<>();
    for (PropertySource source : environment.getPropertySources()) {
      if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
        for (String name : source) {
          if (name.startsWith(ENV_PREFIX)) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }

  /** {@code max-age} → {@code SESSIONS4J_MAX_AGE}. */
  private static String variableName(String option) {
    return ENV_PREFIX + option.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }


}
