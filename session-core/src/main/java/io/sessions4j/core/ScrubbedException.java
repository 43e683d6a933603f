package io.sessions4j.core;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a library's exception whose message may hold data: database drivers echo bound
 * values (session ids, session data) in constraint and truncation errors, Jackson quotes the value
 * it could not convert. It keeps what a developer needs to find the fault — the original class name,
 * its SQLState, its stack trace, the chain of causes — with every message {@linkplain #scrub
 * scrubbed}. sessions4j attaches these, never the originals, to the exceptions it throws and logs.
 */
public final class ScrubbedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** A quoted stretch: '…', "…" or `…`. */
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
  /** {@code =(value)}, PostgreSQL's way of showing a key's value. */
  private static final Pattern KEY_VALUE = Pattern.compile("=\\([^)]*\\)");
  /**
   * What ids and tokens look like: a run of 16+ id characters holding both a letter and a digit, or
   * any run of 32+ (sessions4j's ids are 43).
   */
  private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_~-])(?:"
      + "(?=[A-Za-z0-9_~-]*[0-9])(?=[A-Za-z0-9_~-]*[A-Za-z])[A-Za-z0-9_~-]{16,}|[A-Za-z0-9_~-]{32,})(?![A-Za-z0-9_~-])");
  private static final int MAX_DEPTH = 8;

  private final String originalClass;

  private ScrubbedException(Throwable original, int depth) {
    super(original.getClass().getName() + describeState(original) + ": " + scrub(original.getMessage()),
        original.getCause() == null || original.getCause() == original || depth >= MAX_DEPTH
            ? null : new ScrubbedException(original.getCause(), depth + 1),
        false, true);
    this.originalClass = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  /** A stand-in for {@code original} and its causes, every message scrubbed; null for null. */
  public static ScrubbedException of(Throwable original) {
    if (original == null) {
      return null;
    }
    return original instanceof ScrubbedException s ? s : new ScrubbedException(original, 0);
  }

  /** The class name of the exception this stands in for. */
  public String originalClass() {
    return originalClass;
  }

  /**
   * A message fit for logs and application exceptions: its first line only (drivers put values on
   * "Detail:" lines), quoted stretches emptied to {@code '…'}, {@code =(value)} to {@code =(…)}, and
   * any id-like token (16+ letters and digits, or 32+ id characters) replaced by {@code …}. What is left names the fault,
   * not the data: "Duplicate entry '…' for key '…'".
   */
  public static String scrub(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    String text = (newline >= 0 ? message.substring(0, newline) : message).trim();
    Matcher quoted = QUOTED.matcher(text);
    text = quoted.replaceAll(m -> Matcher.quoteReplacement(m.group().charAt(0) + "…" + m.group().charAt(0)));
    text = KEY_VALUE.matcher(text).replaceAll("=(…)");
    return TOKEN.matcher(text).replaceAll("…");
  }

  private static String describeState(Throwable t) {
    return t instanceof SQLException sql && sql.getSQLState() != null ? " (SQLState " + sql.getSQLState() + ")" : "";
  }
}
