package io.sessions4j.core.config;

import io.sessions4j.core.SessionProperties;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * Turns what a framework's configuration holds under the {@code sessions4j} prefix into the flat
 * option name → string map {@link SessionProperties} binds, the same way for every adapter: nested
 * objects join their keys with dots ({@code cookie: {name: x}} gives {@code cookie.name}, read as
 * {@code cookieName}), lists join their values with commas ({@code keys: [a, b]} gives {@code
 * a,b}). And since frameworks map environment variables into their configuration ({@code
 * SESSIONS4J_JDBC_URL} arrives as {@code jdbc.url}), it sets aside names that are not options but
 * other tools' {@code SESSIONS4J_*} variables, instead of refusing them.
 */
public final class ConfigTree {

  /** The prefix of sessions4j's environment variables: {@code SESSIONS4J_MAX_AGE} sets {@code max-age}. */
  public static final String ENVIRONMENT_PREFIX = "SESSIONS4J_";

  private static final System.Logger LOG = System.getLogger(ConfigTree.class.getName());

  private ConfigTree() {}

  /**
   * Flattens {@code root}, whose values are strings (or any value, written with {@code
   * String.valueOf}), collections (a list: joined with commas), nested maps (an object: keys joined
   * with dots) or null (nothing there).
   */
  public static Map<String, String> flatten(Map<String, ?> root) {
    return flatten(root, UnaryOperator.identity());
  }

  /**
   * Flattens a framework's configuration tree. {@code unpack} turns one of its nodes into a {@code
   * Map} of child name → child node (an object), a {@code Collection} of values (a list), any other
   * value (a leaf, written with {@code String.valueOf}), or null (a missing node). {@code root} must
   * unpack to a map; the names in the result are relative to it, in the tree's order.
   */
  public static Map<String, String> flatten(Object root, UnaryOperator<Object> unpack) {
    Map<String, String> out = new LinkedHashMap<>();
    Object unpacked = unpack.apply(root);
    if (unpacked instanceof Map<?, ?> children) {
      children.forEach((name, child) -> walk(child, String.valueOf(name), unpack, out));
    } else if (unpacked != null) {
      throw new IllegalArgumentException("the root of a configuration tree must be an object");
    }
    return out;
  }

  private static void walk(Object node, String name, UnaryOperator<Object> unpack, Map<String, String> out) {
    Object unpacked = unpack.apply(node);
    if (unpacked instanceof Map<?, ?> children) {
      children.forEach((child, value) -> walk(value, name + "." + child, unpack, out));
    } else if (unpacked instanceof Collection<?> values) {
      StringJoiner joined = new StringJoiner(",");
      values.forEach(value -> joined.add(String.valueOf(value)));
      out.put(name, joined.toString());
    } else if (unpacked != null) {
      out.put(name, String.valueOf(unpacked));
    }
  }

  /**
   * {@code options} without the names that are not session options but are set as environment
   * variables ({@code jdbc.url} while {@code SESSIONS4J_JDBC_URL} is among {@code
   * environmentVariables}): {@code SESSIONS4J_*} variables are shared with other tools (the
   * conformance harness, the store modules), so only a misspelt option in a configuration file
   * stops the application. A bad value of an option's own variable still does.
   *
   * @param environmentVariables the names of the environment variables the configuration saw, e.g.
   *     {@code System.getenv().keySet()}
   */
  public static Map<String, String> withoutOtherToolsVariables(Map<String, String> options,
      Set<String> environmentVariables) {
    Map<String, String> kept = new LinkedHashMap<>();
    options.forEach((name, value) -> {
      if (!SessionProperties.isOption(name) && environmentVariables.contains(variableName(name))) {
        LOG.log(Level.DEBUG, "environment variable " + variableName(name) + " is not a session option; ignored");
      } else {
        kept.put(name, value);
      }
    });
    return kept;
  }

  /** {@code max-age} and {@code max.age} → {@code SESSIONS4J_MAX_AGE}. */
  public static String variableName(String option) {
    return ENVIRONMENT_PREFIX + option.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
