package io.sessions4j.conformance.kit;

/**
 * A waiting check could not judge: its exchanges took so long that the server may rightly have
 * expired the session it expected alive (an overloaded host). The runner runs the check again.
 */
public final class InconclusiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InconclusiveException(String message) {
    super(message, null, false, false);
  }
}
