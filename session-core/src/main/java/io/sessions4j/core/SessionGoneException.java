package io.sessions4j.core;

/** Raised by {@link Session#reload()} when the session no longer exists in the store. */
public class SessionGoneException extends SessionException {
  private static final long serialVersionUID = 1L;

  public SessionGoneException(String message) {
    super(message);
  }
}
