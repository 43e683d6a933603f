package io.sessions4j.core;

import io.sessions4j.core.config.ConfigTree;
import io.sessions4j.core.config.Option;
import io.sessions4j.core.config.OptionValues;
import io.sessions4j.core.config.SessionOptions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds string options to a {@link SessionConfig.Builder}: the one place that parses what every
 * adapter's configuration system produces (servlet init-params, Micronaut and Quarkus properties,
 * Helidon config), so the same option names and the same error messages hold everywhere. The
 * options and their parsers are declared in {@link SessionOptions}; adapters flatten their
 * configuration trees with {@link ConfigTree}.
 *
 * <p>Names are the builder's: {@code mode}, {@code keys}, {@code cookie-name} or {@code cookieName}
 * (kebab-case and camelCase both work), durations as ISO-8601 ({@code PT30M}), as a number of
 * milliseconds, or with a unit suffix ({@code 30m}, {@code 2s}, {@code 500ms}, {@code 24h}, {@code
 * 7d}). Unknown names and bad values fail with a message naming the option.
 */
public final class SessionProperties {

  /** Every option name accepted, in camelCase: the options of {@link SessionOptions} with a string form. */
  public static final Set<String> NAMES = names();

  private SessionProperties() {}

  private static Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Option<?> option : SessionOptions.withStringForm()) {
      names.add(option.name());
    }
    return Set.copyOf(names);
  }

  /** A builder with {@code options} applied over the defaults. */
  public static SessionConfig.Builder toBuilder(Map<String, String> options) {
    SessionConfig.Builder builder = SessionConfig.builder();
    apply(options, builder);
    return builder;
  }

  /**
   * Applies {@code options} to {@code builder}; blank values are ignored (unset).
   *
   * @throws IllegalArgumentException naming the first unknown option or bad value
   */
  public static void apply(Map<String, String> options, SessionConfig.Builder builder) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      String name = camelCase(e.getKey());
      String value = e.getValue() == null ? "" : e.getValue().trim();
      Option<?> option = NAMES.contains(name) ? SessionOptions.named(name) : null;
      if (option == null) {
        throw new IllegalArgumentException("Unknown session option '" + e.getKey() + "'; known options: "
            + new TreeSet<>(NAMES));
      }
      if (value.isEmpty()) {
        continue;
      }
      try {
        option.bind(builder, value);
      } catch (IllegalArgumentException | DateTimeParseException bad) {
        throw new IllegalArgumentException("Invalid value for session option '" + e.getKey() + "': "
            + (option.secret() ? "(not shown)" : "'" + value + "'") + " — " + bad.getMessage(), bad);
      }
    }
  }

  /**
   * Whether {@code name} names an option in any accepted spelling ({@code max-age}, {@code
   * max.age}, {@code max_age}, {@code maxAge}; case-insensitive, as environment variables are).
   */
  public static boolean isOption(String name) {
    String squashed = name.replace("-", "").replace(".", "").replace("_", "").toLowerCase(Locale.ROOT);
    for (String option : NAMES) {
      if (option.toLowerCase(Locale.ROOT).equals(squashed)) {
        return true;
      }
    }
    return false;
  }

  /** {@code cookie-name}, {@code cookie_name} and {@code cookieName} all give {@code cookieName}. */
  static String camelCase(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        upper = sb.length() > 0;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** ISO-8601 ({@code PT30M}), plain milliseconds, or a number with ms/s/m/h/d. */
  public static Duration duration(String value) {
    return OptionValues.duration(value);
  }
}
