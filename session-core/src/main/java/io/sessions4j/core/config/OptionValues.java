package io.sessions4j.core.config;

import io.sessions4j.core.SessionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How option values are written as strings, the same in every adapter: booleans ({@code
 * true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}), enum constants in any case
 * with {@code -} for {@code _}, durations (ISO-8601, milliseconds, or a number with a unit), key
 * lists; and how a default is written in the documentation.
 */
public final class OptionValues {

  private OptionValues() {}

  /** {@code true}, {@code yes}, {@code on} / {@code false}, {@code no}, {@code off}, in any case. */
  public static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  /** {@code true}/{@code always}, {@code false}/{@code never}, or {@code auto}. */
  public static SessionConfig.Secure secure(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "always" -> SessionConfig.Secure.ALWAYS;
      case "false", "never" -> SessionConfig.Secure.NEVER;
      case "auto" -> SessionConfig.Secure.AUTO;
      default -> throw new IllegalArgumentException("expected true, false or auto");
    };
  }

  /** The constant of {@code type} named {@code value}, case-insensitively, {@code -} read as {@code _}. */
  public static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
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

  /** Secrets separated by commas or whitespace (secrets themselves contain neither). */
  public static List<String> keys(String value) {
    List<String> keys = new ArrayList<>();
    for (String part : value.split("[,\\s]+")) {
      if (!part.isEmpty()) {
        keys.add(part);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Node secrets ({@code compatSecrets}): a JSON array of strings for several, else the whole value
   * as one secret (Node secrets may hold spaces and commas, so nothing is split).
   */
  public static List<String> compatSecrets(String value) {
    String v = value.trim();
    if (!v.startsWith("[")) {
      return List.of(value);
    }
    try {
      com.fasterxml.jackson.databind.JsonNode array = new com.fasterxml.jackson.databind.ObjectMapper().readTree(v);
      List<String> secrets = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode e : array) {
        if (!e.isTextual()) {
          throw new IllegalArgumentException("Node secrets as a JSON array must hold only strings");
        }
        secrets.add(e.textValue());
      }
      return List.copyOf(secrets);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // never echo the value: it is a secret
      throw new IllegalArgumentException("Node secrets starting with '[' must be a JSON array of strings");
    }
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

  /**
   * A value as the documentation writes it: {@code none} for null or an empty list, durations in
   * their largest whole unit ({@code 24 h}, {@code 5 s}), enum constants in lower case with
   * {@code -} ({@code keep-previous}), anything else as its string.
   */
  public static String describe(Object value) {
    if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
      return "none";
    }
    if (value instanceof Duration d) {
      long millis = d.toMillis();
      if (millis % 3_600_000 == 0) {
        return millis / 3_600_000 + " h";
      }
      if (millis % 60_000 == 0) {
        return millis / 60_000 + " m";
      }
      if (millis % 1000 == 0) {
        return millis / 1000 + " s";
      }
      return millis + " ms";
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return String.valueOf(value);
  }
}
