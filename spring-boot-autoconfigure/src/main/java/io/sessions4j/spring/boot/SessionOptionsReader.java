package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.config.ConfigTree;
import io.sessions4j.core.config.Option;
import io.sessions4j.core.config.SessionOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads the {@code sessions4j.*} properties of a Spring {@link Environment} and splits them: the
 * session options go, as option name → string, to the core's {@link SessionProperties} (the parser
 * every adapter uses, so names, values and error messages are the same everywhere); the starter's
 * own properties ({@code store}, {@code enabled}, {@code memory.*}, {@code jdbc.*}, {@code
 * redis.*}, {@code filter.*}, {@code metrics.*}, {@code tracing.*}) are bound to {@link SessionsProperties} by Spring
 * and only checked here for unknown names.
 *
 * <p>Every spelling Spring accepts works: {@code max-age}, {@code maxAge}, {@code maxage}, nested
 * YAML ({@code cookie: {name: x}}), lists ({@code keys: [a, b]} — joined with commas, as {@link
 * ConfigTree} does), environment variables ({@code SESSIONS4J_MAX_AGE}). When one option is given
 * in several property sources, the one Spring ranks first wins (an environment variable beats
 * {@code application.properties}), whatever the spelling in each. Environment variables named
 * {@code SESSIONS4J_*} that are no property of ours ({@code SESSIONS4J_JDBC_URL}, the conformance
 * harness's) are left out, as {@link ConfigTree#withoutOtherToolsVariables} does for every adapter;
 * a misspelt name anywhere else stops the application.
 */
final class SessionOptionsReader {

  /** The starter's nested property groups; no session option starts with these words. */
  static final Set<String> STARTER_GROUPS = Set.of("memory", "jdbc", "redis", "filter", "metrics",
      "tracing");
  /** The starter's single properties. */
  static final Set<String> STARTER_PROPERTIES = Set.of("store", "enabled");

  private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(SessionsProperties.PREFIX);

  private SessionOptionsReader() {}

  /** One {@code sessions4j.*} property: its name below the prefix as written, its value, and whether an environment variable set it. */
  record Entry(String name, String value, boolean fromEnvironment) {}

  /**
   * The session options: option name (camelCase when it names an option, else as written, for the
   * core's "unknown option" message) → value, ready for {@link SessionProperties#toBuilder}.
   */
  static Map<String, String> sessionOptions(Environment environment) {
    Map<String, String> options = new LinkedHashMap<>();
    for (Entry entry : entries(environment)) {
      if (!isStarterProperty(entry.name())) {
        options.put(optionName(entry.name()), entry.value());
      }
    }
    return ConfigTree.withoutOtherToolsVariables(options, environmentVariableNames(environment));
  }

  /** The value {@code options} (from {@link #sessionOptions}) give {@code option}, in whatever spelling; null when none. */
  static String valueOf(Map<String, String> options, Option<?> option) {
    String wanted = option.name().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> entry : options.entrySet()) {
      if (squash(entry.getKey()).equals(wanted)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * Fails on a name in the starter's groups that no property of {@link SessionsProperties} has
   * ({@code sessions4j.jdbc.tabel-name}); environment variables are left out, as above.
   *
   * @throws SessionsConfigurationException naming the property and the known ones
   */
  static void requireKnownStarterProperties(Environment environment) {
    Binder binder = Binder.get(environment);
    BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT,
        source -> !(source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource));
    Map<String, Class<?>> groups = Map.of("memory", SessionsProperties.Memory.class,
        "jdbc", SessionsProperties.Jdbc.class, "redis", SessionsProperties.Redis.class,
        "filter", SessionsProperties.Filter.class, "metrics", SessionsProperties.Metrics.class,
        "tracing", SessionsProperties.Tracing.class);
    for (Map.Entry<String, Class<?>> group : new TreeMap<>(groups).entrySet()) {
      String prefix = SessionsProperties.PREFIX + "." + group.getKey();
      try {
        binder.bind(prefix, Bindable.of(group.getValue()), strict);
      } catch (BindException e) {
        if (!(e.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
          throw e;
        }
        Set<String> names = new TreeSet<>();
        for (ConfigurationProperty property : unbound.getUnboundProperties()) {
          names.add(property.getName().toString());
        }
        throw new SessionsConfigurationException("Unknown sessions4j propert" + (names.size() == 1 ? "y " : "ies ")
            + names + "; the properties under " + prefix + " are listed in the sessions4j Spring Boot starter's README",
            "Fix or remove " + String.join(", ", names) + ".", e);
      }
    }
  }

  /**
   * The names of the properties the application sets under {@code prefix} ({@code
   * server.servlet.session}), in Spring's canonical form. DevTools' defaults ({@code
   * server.servlet.session.persistent}) are not the application's and are left out.
   */
  static Set<String> namesUnder(Environment environment, String prefix) {
    ConfigurationPropertyName parent = ConfigurationPropertyName.of(prefix);
    Set<String> names = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable
          && !(source.getUnderlyingSource() instanceof PropertySource<?> p && "devtools".equals(p.getName()))) {
        iterable.filter(parent::isAncestorOf).stream().forEach(name -> names.add(name.toString()));
      }
    }
    return names;
  }

  /** Whether {@code name} (below the prefix) is the starter's own rather than a session option. */
  static boolean isStarterProperty(String name) {
    int dot = name.indexOf('.');
    String first = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
    return dot < 0 ? STARTER_PROPERTIES.contains(squash(name)) : STARTER_GROUPS.contains(first);
  }

  /**
   * {@code name} as written when the core's parser reads it as an option ({@code max-age}, {@code
   * maxAge}, {@code max.age}: its messages then show the user's spelling), else the option it names
   * in another spelling Spring accepts ({@code maxage}, {@code MAX_AGE}), else {@code name} itself
   * (for the core's "unknown option" message).
   */
  static String optionName(String name) {
    if (SessionProperties.NAMES.contains(camelCase(name))) {
      return name;
    }
    String squashed = squash(name);
    for (Option<?> option : SessionOptions.withStringForm()) {
      if (option.name().toLowerCase(Locale.ROOT).equals(squashed)) {
        return option.name();
      }
    }
    return name;
  }

  /** {@code max-age}, {@code max.age}, {@code max_age} → {@code maxAge}: how the core's parser reads names. */
  private static String camelCase(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '-' || c == '_' || c == '.') {
        upper = sb.length() > 0;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** {@code max-age}, {@code max.age}, {@code MAX_AGE}, {@code maxAge} → {@code maxage}. */
  private static String squash(String name) {
    return name.replace("-", "").replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /**
   * Every {@code sessions4j.*} property once, from the highest-ranked property source that has it
   * (names compared in any spelling); placeholders resolved; list elements joined with commas.
   */
  static List<Entry> entries(Environment environment) {
    PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
    Map<String, Entry> byName = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      boolean fromEnvironment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, TreeMap<Integer, Object>> lists = new LinkedHashMap<>();
      iterable.filter(PREFIX::isAncestorOf).stream().forEach(name -> {
        Object value = placeholders.resolvePlaceholders(iterable.getConfigurationProperty(name).getValue());
        int last = name.getNumberOfElements() - 1;
        int index = firstIndex(name);
        if (index == last) {
          String listName = relativeName(name, index);
          lists.computeIfAbsent(listName, n -> new TreeMap<>())
              .put(Integer.parseInt(name.getElement(index, Form.ORIGINAL)), value);
          values.putIfAbsent(listName, lists.get(listName));
        } else {
          values.putIfAbsent(relativeName(name, name.getNumberOfElements()), value);
        }
      });
      values.forEach((name, value) -> {
        String text;
        if (value instanceof TreeMap<?, ?> list) {
          StringJoiner joined = new StringJoiner(",");
          list.values().forEach(element -> joined.add(String.valueOf(element)));
          text = joined.toString();
        } else {
          text = value == null ? null : String.valueOf(value);
        }
        byName.putIfAbsent(squash(name), new Entry(name, text, fromEnvironment));
      });
    }
    return new ArrayList<>(byName.values());
  }

  /** The position of the first numeric index in {@code name} (keys[0]), or -1. */
  private static int firstIndex(ConfigurationPropertyName name) {
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      if (name.isNumericIndex(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Elements 1 (after the prefix) to {@code end} of {@code name}, as written, joined with dots. */
  private static String relativeName(ConfigurationPropertyName name, int end) {
    StringJoiner joined = new StringJoiner(".");
    for (int i = 1; i < end; i++) {
      joined.add(name.getElement(i, Form.ORIGINAL));
    }
    return joined.toString();
  }

  /** The names of the environment variables Spring sees (SESSIONS4J_JDBC_URL, …). */
  private static Set<String> environmentVariableNames(Environment environment) {
    Set<String> names = new HashSet<>();
    if (environment instanceof ConfigurableEnvironment configurable) {
      for (PropertySource<?> source : configurable.getPropertySources()) {
        if (source instanceof SystemEnvironmentPropertySource variables) {
          names.addAll(List.of(variables.getPropertyNames()));
        }
      }
    }
    return names;
  }
}
