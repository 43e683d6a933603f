package io.sessions4j.core;

import io.sessions4j.core.http.CookiePriority;
import io.sessions4j.core.http.SameSite;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds string options to a {@link SessionConfig.Builder}: the one place that parses what every
 * adapter's configuration system produces (servlet init-params, Micronaut and Quarkus properties,
 * Helidon config), so the same option names and the same error messages hold everywhere.
 *
 * <p>Names are the builder's: {@code mode}, {@code keys}, {@code cookie-name} or {@code cookieName}
 * (kebab-case and camelCase both work), durations as ISO-8601 ({@code PT30M}), as a number of
 * milliseconds, or with a unit suffix ({@code 30m}, {@code 2s}, {@code 500ms}, {@code 24h}, {@code
 * 7d}). Unknown names and bad values fail with a message naming the option.
 */
public final class SessionProperties {

  /** Every option name accepted, in camelCase. */
  public static final Set<String> NAMES = Set.of(
      "mode", "cookieProtection", "keys", "cookieName", "cookiePath", "cookieDomain", "secure",
      "httpOnly", "sameSite", "partitioned", "priority", "maxAge", "rolling", "renew", "resave",
      "saveUninitialized", "unset", "idleTimeout", "absoluteTimeout", "defaultLifetime", "touchAfter",
      "trustProxy", "autoCommit", "compressAbove", "maxCookieSize", "cookieOverflow",
      "storeFailurePolicy", "storeTimeout", "idHeader", "idCookie", "principalAttribute");

  /**
   * Names that are not session options but arrive under the {@code sessions4j} prefix anyway:
   * frameworks map environment variables into configuration ({@code SESSIONS4J_JDBC_URL} becomes
   * {@code sessions4j.jdbc.url}), and these variables belong to the conformance harness and the
   * store modules. They are skipped rather than refused.
   */
  public static final Set<String> IGNORED = Set.of("jdbcUrl", "jdbcTable", "redisUri");

  private SessionProperties() {}

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
      if (IGNORED.contains(name)) {
        continue;
      }
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("Unknown session option '" + e.getKey() + "'; known options: "
            + new TreeSet<>(NAMES));
      }
      if (value.isEmpty()) {
        continue;
      }
      try {
        applyOne(name, value, builder);
      } catch (IllegalArgumentException | DateTimeParseException bad) {
        throw new IllegalArgumentException("Invalid value for session option '" + e.getKey() + "': "
            + (name.equals("keys") ? "(not shown)" : "'" + value + "'") + " — " + bad.getMessage(), bad);
      }
    }
  }

  private static void applyOne(String name, String value, SessionConfig.Builder b) {
    switch (name) {
      case "mode" -> b.mode(enumValue(SessionMode.class, value));
      case "cookieProtection" -> b.cookieProtection(enumValue(CookieProtection.class, value));
      case "keys" -> b.keys(splitKeys(value));
      case "cookieName" -> b.cookieName(value);
      case "cookiePath" -> b.cookiePath(value);
      case "cookieDomain" -> b.cookieDomain(value);
      case "secure" -> b.secure(secure(value));
      case "httpOnly" -> b.httpOnly(bool(value));
      case "sameSite" -> b.sameSite(value.equalsIgnoreCase("omit") ? null : enumValue(SameSite.class, value));
      case "partitioned" -> b.partitioned(bool(value));
      case "priority" -> b.priority(enumValue(CookiePriority.class, value));
      case "maxAge" -> b.maxAge(value.equalsIgnoreCase("session") ? null : duration(value));
      case "rolling" -> b.rolling(bool(value));
      case "renew" -> b.renew(bool(value));
      case "resave" -> b.resave(bool(value));
      case "saveUninitialized" -> b.saveUninitialized(bool(value));
      case "unset" -> b.unset(enumValue(Unset.class, value));
      case "idleTimeout" -> b.idleTimeout(duration(value));
      case "absoluteTimeout" -> b.absoluteTimeout(duration(value));
      case "defaultLifetime" -> b.defaultLifetime(duration(value));
      case "touchAfter" -> b.touchAfter(Double.parseDouble(value));
      case "trustProxy" -> b.trustProxy(bool(value));
      case "autoCommit" -> b.autoCommit(bool(value));
      case "compressAbove" -> b.compressAbove(Integer.parseInt(value));
      case "maxCookieSize" -> b.maxCookieSize(Integer.parseInt(value));
      case "cookieOverflow" -> b.cookieOverflow(enumValue(CookieOverflow.class, value));
      case "storeFailurePolicy" -> b.storeFailurePolicy(enumValue(StoreFailurePolicy.class, value));
      case "storeTimeout" -> b.storeTimeout(duration(value));
      case "idHeader" -> b.idHeader(value);
      case "idCookie" -> b.idCookie(bool(value));
      case "principalAttribute" -> b.principalAttribute(value);
      default -> throw new IllegalStateException(name);
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

  /** Secrets separated by commas or whitespace (secrets themselves contain neither). */
  private static String[] splitKeys(String value) {
    List<String> keys = new ArrayList<>();
    for (String part : value.split("[,\\s]+")) {
      if (!part.isEmpty()) {
        keys.add(part);
      }
    }
    return keys.toArray(String[]::new);
  }

  private static SessionConfig.Secure secure(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "always" -> SessionConfig.Secure.ALWAYS;
      case "false", "never" -> SessionConfig.Secure.NEVER;
      case "auto" -> SessionConfig.Secure.AUTO;
      default -> throw new IllegalArgumentException("expected true, false or auto");
    };
  }

  private static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(normalized)) {
        return constant;
      }
    }
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("expected one of " + names);
  }

  /** ISO-8601 ({@code PT30M}), plain milliseconds, or a number with ms/s/m/h/d. */
  public static Duration duration(String value) {
    String v = value.trim();
    if (v.startsWith("P") || v.startsWith("p")) {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    }
    int unitStart = 0;
    while (unitStart < v.length() && (Character.isDigit(v.charAt(unitStart)))) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw new IllegalArgumentException("expected a duration like PT30M, 30m, 2s, 500ms or 1800000");
    }
    long amount = Long.parseLong(v.substring(0, unitStart));
    String unit = v.substring(unitStart).trim().toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "", "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "'; use ms, s, m, h or d");
    };
  }
}
