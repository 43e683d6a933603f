package io.sessions4j.core.config;

import io.sessions4j.core.SessionConfig;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One session option, declared once in {@link SessionOptions}: the name (the {@link
 * SessionConfig.Builder} method's, and the string name every adapter binds), its group, its
 * default, one line of documentation and, when the option has a string form, how a string becomes
 * its value and how that value reaches a builder. {@link io.sessions4j.core.SessionProperties}
 * binds strings through it; the README option tables are checked against it.
 *
 * <p>Options without a string form ({@code store}, {@code validate}, {@code listener}, …) carry
 * only their name, group, documented default and doc line: they are set in code.
 *
 * @param <T> the option's value type (what {@link #parse} returns)
 */
public final class Option<T> {
  private final String name;
  private final OptionGroup group;
  private final String doc;
  private final T defaultValue;
  private final String defaultText;
  private final Function<String, T> parser;
  private final BiConsumer<SessionConfig.Builder, T> setter;
  private final Function<SessionConfig, ?> reader;
  private final boolean secret;

  private Option(String name, OptionGroup group, String doc, T defaultValue, String defaultText,
      Function<String, T> parser, BiConsumer<SessionConfig.Builder, T> setter, Function<SessionConfig, ?> reader,
      boolean secret) {
    this.name = Objects.requireNonNull(name, "name");
    this.group = Objects.requireNonNull(group, "group");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.defaultValue = defaultValue;
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
    this.parser = parser;
    this.setter = setter;
    this.reader = reader;
    this.secret = secret;
  }

  /** An option with a string form; its documented default is {@code defaultValue} described. */
  static <T> Option<T> string(String name, OptionGroup group, T defaultValue, Function<String, T> parser,
      BiConsumer<SessionConfig.Builder, T> setter, Function<SessionConfig, T> reader, String doc) {
    return new Option<>(name, group, doc, defaultValue, OptionValues.describe(defaultValue), parser, setter,
        reader, false);
  }

  /**
   * A secret option with a string form: its value never appears in messages, and {@link #valueIn}
   * reports only how many values it holds.
   */
  static <T> Option<T> secret(String name, OptionGroup group, T defaultValue, Function<String, T> parser,
      BiConsumer<SessionConfig.Builder, T> setter, Function<SessionConfig, Integer> count, String doc) {
    return new Option<>(name, group, doc, defaultValue, OptionValues.describe(defaultValue), parser, setter,
        count, true);
  }

  /** An option set in code only; {@code defaultText} says what applies when it is not set. */
  static Option<Void> codeOnly(String name, OptionGroup group, String defaultText, String doc) {
    return new Option<>(name, group, doc, null, defaultText, null, null, null, false);
  }

  /** This option with its documented default written as {@code text} (a default that depends on the mode). */
  Option<T> documentedDefault(String text) {
    return new Option<>(name, group, doc, defaultValue, text, parser, setter, reader, secret);
  }

  /** The camelCase name: the builder method's, and the string option's in every adapter. */
  public String name() {
    return name;
  }

  /** The family the option belongs to. */
  public OptionGroup group() {
    return group;
  }

  /** One line saying what the option does. */
  public String doc() {
    return doc;
  }

  /** The value a builder starts with (null: none); null for options set in code only. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as the documentation writes it: {@code 24 h}, {@code lax}, {@code none}, … */
  public String defaultText() {
    return defaultText;
  }

  /** Whether the option can be given as a string (configuration files, init-params, environment). */
  public boolean hasStringForm() {
    return parser != null;
  }

  /** Whether the value is a secret that messages must never show ({@code keys}). */
  public boolean secret() {
    return secret;
  }

  /**
   * The value {@code text} (trimmed, not blank) stands for.
   *
   * @throws IllegalArgumentException or {@link java.time.format.DateTimeParseException} saying what
   *     is expected; {@link IllegalStateException} for an option without a string form
   */
  public T parse(String text) {
    if (parser == null) {
      throw new IllegalStateException(name + " has no string form; set it in code");
    }
    return parser.apply(text);
  }

  /** Parses {@code text} and sets the option on {@code builder}. */
  public void bind(SessionConfig.Builder builder, String text) {
    T value = parse(text);
    setter.accept(builder, value);
  }

  /**
   * The option's value in a built configuration, comparable with {@link #defaultValue()} and
   * {@link #parse}; for a secret option only how many values it holds; null for options set in
   * code only.
   */
  public Object valueIn(SessionConfig config) {
    return reader == null ? null : reader.apply(config);
  }

  @Override
  public String toString() {
    return name;
  }
}
