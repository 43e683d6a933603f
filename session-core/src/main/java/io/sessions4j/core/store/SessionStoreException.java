package io.sessions4j.core.store;

import io.sessions4j.core.SessionException;

/** A store could not complete an operation (connection lost, timeout, corrupt record). */
public class SessionStoreException extends SessionException {
  private static final long serialVersionUID = 1L;

  public SessionStoreException(String message) {
    super(message);
  }

  public SessionStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
