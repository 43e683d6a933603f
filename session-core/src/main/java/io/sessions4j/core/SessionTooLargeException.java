package io.sessions4j.core;

/** A cookie-mode session whose sealed cookie would exceed the configured maximum size. */
public class SessionTooLargeException extends SessionException {
  private static final long serialVersionUID = 1L;

  public SessionTooLargeException(String message) {
    super(message);
  }
}
