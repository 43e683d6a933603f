package io.sessions4j.core;

/**
 * The session store failed or timed out and the {@link StoreFailurePolicy} is {@code FAIL}.
 * Adapters answer it with 503 Service Unavailable.
 */
public class SessionUnavailableException extends SessionException {
  private static final long serialVersionUID = 1L;

  public SessionUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
