package io.sessions4j.core;

/** Base of the exceptions sessions4j raises. Messages never contain full session ids or keys. */
public class SessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionException(String message) {
    super(message);
  }

  public SessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
