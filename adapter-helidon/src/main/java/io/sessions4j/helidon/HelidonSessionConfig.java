package io.sessions4j.helidon;

import io.helidon.config.Config;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.config.ConfigTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads sessions4j options from Helidon {@link Config} (usually the {@code sessions4j} node of
 * {@code application.yaml}) with the option names every sessions4j adapter uses: the node is
 * flattened to strings (by the core's {@link ConfigTree}) and handed to {@link SessionProperties}, which
 * parses and validates them.
 *
 * <pre>{@code
 * sessions4j:
 *   mode: cookie
 *   keys: [ "${SESSION_KEY_NEW}", "${SESSION_KEY_OLD}" ]   # or one comma-separated string
 *   max-age: 8h
 *   cookie:
 *     name: sid                                            # nested keys join: cookie-name
 * }</pre>
 *
 * <p>Lists become comma-separated values; nested objects join their keys ({@code cookie.name}
 * reads as {@code cookieName}). Unknown options and bad values fail with a message naming the
 * option under this node; names that are not options but are set as {@code SESSIONS4J_*}
 * environment variables (other tools', which Helidon maps into this node) are skipped.
 */
public final class HelidonSessionConfig {

  /** The configuration node the adapter reads by convention: {@code sessions4j}. */
  public static final String CONFIG_KEY = "sessions4j";

  private HelidonSessionConfig() {}

  /**
   * The options under {@code node} as flat strings, keys relative to it. A missing node gives an
   * empty map (all defaults).
   */
  public static Map<String, String> options(Config node) {
    if (!node.exists()) {
      return new LinkedHashMap<>();
    }
    Object root = node.type() == Config.Type.OBJECT ? node : Map.of(node.name(), node);
    return ConfigTree.flatten(root, HelidonSessionConfig::unpack);
  }

  /**
   * A builder with the options under {@code node} applied over the defaults, to add what
   * configuration files cannot say (a store, hooks, a clock) before {@code build()}.
   *
   * @throws IllegalArgumentException naming the node and the offending option
   */
  public static SessionConfig.Builder builder(Config node) {
    SessionConfig.Builder builder = SessionConfig.builder();
    try {
      SessionProperties.apply(ConfigTree.withoutOtherToolsVariables(options(node), System.getenv().keySet()),
          builder);
    } catch (IllegalArgumentException e) {
      throw invalid(node, e);
    }
    return builder;
  }

  /**
   * The configuration under {@code node}, built and validated.
   *
   * @throws IllegalArgumentException naming the node and the offending option
   */
  public static SessionConfig create(Config node) {
    SessionConfig.Builder builder = builder(node);
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw invalid(node, e);
    }
  }

  private static IllegalArgumentException invalid(Config node, RuntimeException e) {
    String where = node.key().toString();
    return new IllegalArgumentException("Invalid sessions4j configuration under '"
        + (where.isEmpty() ? "(root)" : where) + "': " + e.getMessage(), e);
  }

  /** A Helidon node as {@link ConfigTree} reads trees: a value, a list of values, or children by name. */
  private static Object unpack(Object node) {
    if (!(node instanceof Config config)) {
      return node;
    }
    return switch (config.type()) {
      case VALUE -> config.asString().orElse("");
      case LIST -> config.asList(String.class).orElse(List.of());
      case OBJECT -> {
        Map<String, Config> children = new LinkedHashMap<>();
        for (Config child : config.asNodeList().orElse(List.of())) {
          children.put(child.name(), child);
        }
        yield children;
      }
      default -> null; // MISSING: nothing to read
    };
  }
}
