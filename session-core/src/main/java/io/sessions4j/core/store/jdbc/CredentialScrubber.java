package io.sessions4j.core.store.jdbc;

import io.sessions4j.core.ScrubbedException;
import java.sql.SQLException;

/**
 * Turns a failure to open the store's own pool into a message fit for a log or an exception:
 * the root cause's type, SQLState and message, with the password, the JDBC URL's parameters and any
 * {@code password=}/{@code pwd=} pair masked, since drivers echo their URL and properties, and the
 * rest {@linkplain ScrubbedException#scrub scrubbed} of values.
 */
final class CredentialScrubber {
  private final String jdbcUrl;
  private final String password;

  CredentialScrubber(String jdbcUrl, String password) {
    this.jdbcUrl = jdbcUrl;
    this.password = password;
  }

  /** The root cause of {@code t}, without anything that could be a credential. */
  String rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = String.valueOf(t.getMessage());
    if (password != null && !password.isEmpty()) {
      message = message.replace(password, "****");
    }
    if (jdbcUrl != null && jdbcUrl.indexOf('?') >= 0) {
      message = message.replace(jdbcUrl.substring(jdbcUrl.indexOf('?')), "?****");
    }
    message = ScrubbedException.scrub(message.replaceAll("(?i)(password|pwd)=[^&;\\s)]*", "$1=****"));
    return t.getClass().getSimpleName() + (t instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "")
        + ": " + message;
  }
}
