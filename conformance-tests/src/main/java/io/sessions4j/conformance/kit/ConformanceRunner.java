package io.sessions4j.conformance.kit;

import io.sessions4j.conformance.client.KitClient;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the kit's checks against a harness at a base URL. Checks that wait for an expiry start at
 * once on their own threads; the quick checks run one after another meanwhile, so the whole kit
 * takes about as long as its longest wait.
 */
public final class ConformanceRunner {

  /** Attempts of a check whose attempts are inconclusive before it is reported failed. */
  static final int ATTEMPTS = 3;

  private final URI base;
  private final ConformanceOptions options;
  private final List<Check> checks;

  public ConformanceRunner(URI base) {
    this(base, ConformanceOptions.defaults());
  }

  public ConformanceRunner(URI base, ConformanceOptions options) {
    this(base, options, Checks.all());
  }

  /** A runner for a given list of checks (tests of the kit itself). */
  public ConformanceRunner(URI base, ConformanceOptions options, List<Check> checks) {
    this.base = base;
    this.options = options;
    this.checks = checks.stream().filter(options::selects).collect(Collectors.toUnmodifiableList());
  }

  /** The checks this runner runs, in report order. */
  public List<Check> checks() {
    return checks;
  }

  /** Starts a run: waiting checks begin now; ask the run for each result in order. */
  public ConformanceRun start() {
    return new ConformanceRun(this);
  }

  /** Runs every check and returns the results in report order. */
  public List<CheckResult> runAll() {
    try (ConformanceRun run = start()) {
      return run.results();
    }
  }

  URI base() {
    return base;
  }

  ConformanceOptions options() {
    return options;
  }

  /** Runs one check with a fresh context; never throws. */
  CheckResult execute(Check check, KitClient client) {
    long start = System.nanoTime();
    java.util.Optional<String> declared = options.notApplicableReason(check);
    if (declared.isPresent()) {
      return CheckResult.notApplicable(check, "declared by the harness: " + declared.get(), Duration.ZERO);
    }
    try {
      runJudgeable(check, client);
      return CheckResult.passed(check, since(start));
    } catch (InconclusiveException e) {
      return CheckResult.failed(check, "inconclusive in " + ATTEMPTS + " attempts (host too slow to judge): "
          + e.getMessage(), since(start));
    } catch (NotApplicableException e) {
      return CheckResult.notApplicable(check, e.getMessage(), since(start));
    } catch (CheckFailedException e) {
      return CheckResult.failed(check, e.getMessage(), since(start));
    } catch (UncheckedIOException e) {
      return CheckResult.failed(check, "no answer from the harness: " + e.getMessage(), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed(check, "interrupted", since(start));
    } catch (Exception | AssertionError e) {
      return CheckResult.failed(check, "the check could not complete: " + e, since(start));
    }
  }

  /** Runs the body, again when an attempt could not judge (see {@link InconclusiveException}). */
  private static void runJudgeable(Check check, KitClient client) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        check.body().run(new CheckContext(client));
        return;
      } catch (InconclusiveException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
