package io.sessions4j.core.store;

import io.sessions4j.core.ScrubbedException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How stores report failures: every operation completes exceptionally with a {@link
 * SessionStoreException} that names the operation and says what went wrong, without session ids in
 * full or anything the driver echoes: its message is {@linkplain ScrubbedException#scrub scrubbed}
 * and its exception is attached as a {@link ScrubbedException}, never as itself.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /**
   * {@code failure} as a {@link SessionStoreException}: unwrapped from the future's wrappers, passed
   * on when it already is one, else wrapped as {@code "<what>: <description of the cause>"}.
   *
   * @param what the failed operation as the message starts, e.g. {@code "Redis get of session ab…
   *     failed"}
   */
  public static SessionStoreException wrap(Throwable failure, String what) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SessionStoreException s) {
      return s;
    }
    return new SessionStoreException(what + ": " + describe(cause), ScrubbedException.of(cause));
  }

  /** The failure inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * A one-line description with the message {@linkplain ScrubbedException#scrub scrubbed}: {@code
   * "SQLState 23000, Duplicate entry '…' for key '…'"} for a database failure, else the simple class
   * name and the message.
   */
  public static String describe(Throwable t) {
    if (t instanceof SQLException sql) {
      return "SQLState " + sql.getSQLState() + ", " + ScrubbedException.scrub(sql.getMessage());
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + ScrubbedException.scrub(message));
  }
}
