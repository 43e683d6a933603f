package io.sessions4j.core.codec;

import io.sessions4j.core.SessionException;

/** Session bytes that cannot be decoded: treated as "no session" (client input) or reported (store). */
public class CorruptSessionException extends SessionException {
  private static final long serialVersionUID = 1L;

  public CorruptSessionException(String message) {
    super(message);
  }

  public CorruptSessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
