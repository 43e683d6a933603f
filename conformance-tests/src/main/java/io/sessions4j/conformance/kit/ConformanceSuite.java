package io.sessions4j.conformance.kit;

import io.sessions4j.conformance.logs.LogCapture;
import io.sessions4j.conformance.logs.LogScan;
import io.sessions4j.conformance.logs.SeenSecrets;
import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The conformance kit as a JUnit 5 test, in the shape of OpenTelemetry's AbstractHttpServerTest:
 * an adapter's test extends it, starts its harness in {@link #startHarness()} (serving the
 * protocol of CONFORMANCE.md, usually with {@link io.sessions4j.conformance.harness.ConformanceHarness}),
 * and gets one test per check, grouped by family. Checks that do not apply — the harness answered
 * 501, or {@link #options()} declares them — are reported as skipped, never as passed.
 *
 * <pre>{@code
 * class MyServerConformanceTest extends ConformanceSuite {
 *   MyServer server;
 *   protected URI startHarness() { server = MyHarness.start(0); return server.uri(); }
 *   protected void stopHarness() { server.stop(); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite {

  private URI base;
  private ConformanceRun run;
  private LogCapture logs;
  private final Set<String> reportedLeaks = new HashSet<>();

  /** Starts the harness and returns its base URL (e.g. {@code http://127.0.0.1:PORT}). */
  protected abstract URI startHarness() throws Exception;

  /** Stops the harness; by default nothing. */
  protected void stopHarness() throws Exception {}

  /**
   * True to capture all log output of the run — from before {@link #startHarness()} to after
   * {@link #stopHarness()} — and fail when it holds a test key (as given, base64 or hex) or any full
   * session id or session cookie value the kit saw ({@link LogCapture}, {@link LogScan}). The scan
   * is the last test of the suite, "L1", and runs again after the harness stopped. Off by default
   * because it swaps {@code System.out}/{@code System.err} for the run.
   */
  protected boolean scanLogsForSecrets() {
    return false;
  }

  /** What this harness cannot do, and why; by default every check applies. */
  protected ConformanceOptions options() {
    return ConformanceOptions.defaults();
  }

  @BeforeAll
  final void startConformanceHarness() throws Exception {
    if (scanLogsForSecrets()) {
      logs = LogCapture.start();
    }
    base = startHarness();
  }

  @AfterAll
  final void stopConformanceHarness() throws Exception {
    if (run != null) {
      run.close();
    }
    try {
      stopHarness();
    } finally {
      if (logs != null) {
        logs.close();
        List<LogScan.Leak> leaks = newLeaks();
        if (!leaks.isEmpty()) {
          throw new AssertionFailedError("L1: secrets in the logs written while the harness stopped: " + leaks);
        }
      }
    }
  }

  private List<LogScan.Leak> newLeaks() {
    return LogScan.leaks(logs.text(), SeenSecrets.all()).stream()
        .filter(leak -> reportedLeaks.add(leak.secretRedacted() + leak.context()))
        .collect(Collectors.toList());
  }

  private void scanLogs() {
    run.results(); // every check, waiting ones included, has finished
    List<LogScan.Leak> leaks = newLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionFailedError("L1: " + leaks.size() + " secrets in the log output of the run (of "
          + SeenSecrets.all().size() + " scanned for): " + leaks);
    }
  }

  /** One dynamic test per check, in a container per family. */
  @TestFactory
  final Stream<DynamicNode> conformance() {
    run = new ConformanceRunner(base, options()).start();
    List<Check> checks = run.checks();
    Stream<DynamicNode> families = Arrays.stream(Family.values())
        .map(family -> DynamicContainer.dynamicContainer(family.name() + " " + family.title(),
            checks.stream().filter(c -> c.family() == family)
                .map(c -> DynamicTest.dynamicTest(c.title(), () -> report(run.result(c))))
                .collect(Collectors.toList())));
    if (logs == null) {
      return families;
    }
    return Stream.concat(families, Stream.of(DynamicContainer.dynamicContainer("L1 Secrets in logs", List.of(
        DynamicTest.dynamicTest("L1 no test key (as given, base64, hex), full session id or session cookie value "
            + "in any log output of the run", this::scanLogs)))));
  }

  private static void report(CheckResult result) {
    switch (result.outcome()) {
      case PASSED:
        return;
      case NOT_APPLICABLE:
        throw new TestAbortedException(result.message());
      default:
        throw new AssertionFailedError(result.check().id() + ": " + result.message());
    }
  }
}
