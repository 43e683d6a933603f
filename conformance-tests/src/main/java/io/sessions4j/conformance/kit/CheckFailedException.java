package io.sessions4j.conformance.kit;

/** A check saw behaviour the protocol forbids; the message says what and shows the exchange. */
public final class CheckFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckFailedException(String message) {
    super(message, null, false, false);
  }
}
