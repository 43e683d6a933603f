package io.sessions4j.conformance.kit;

import java.time.Duration;

/**
 * The outcome of one check. A not-applicable check (its profile answered 501, or the adapter
 * declared it so) is reported as skipped, never counted as passed.
 */
public record CheckResult(Check check, Outcome outcome, String message, Duration duration) {

  /** What happened. */
  public enum Outcome { PASSED, FAILED, NOT_APPLICABLE }

  public static CheckResult passed(Check check, Duration duration) {
    return new CheckResult(check, Outcome.PASSED, "", duration);
  }

  public static CheckResult failed(Check check, String why, Duration duration) {
    return new CheckResult(check, Outcome.FAILED, why, duration);
  }

  public static CheckResult notApplicable(Check check, String reason, Duration duration) {
    return new CheckResult(check, Outcome.NOT_APPLICABLE, reason, duration);
  }

  /** The CLI's line: {@code PASS id description}, {@code FAIL id description: why}, {@code N/A id description: reason}. */
  public String line() {
    switch (outcome) {
      case PASSED:
        return "PASS " + check.title();
      case FAILED:
        return "FAIL " + check.title() + ": " + message;
      default:
        return "N/A " + check.title() + ": " + message;
    }
  }
}
