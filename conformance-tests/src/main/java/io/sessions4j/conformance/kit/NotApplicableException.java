package io.sessions4j.conformance.kit;

/** The harness cannot run a check (a profile answered 501, or an extension route is missing). */
public final class NotApplicableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotApplicableException(String reason) {
    super(reason, null, false, false);
  }
}
