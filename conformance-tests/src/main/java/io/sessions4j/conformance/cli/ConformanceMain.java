package io.sessions4j.conformance.cli;

import io.sessions4j.conformance.kit.CheckResult;
import io.sessions4j.conformance.kit.ConformanceOptions;
import io.sessions4j.conformance.kit.ConformanceRun;
import io.sessions4j.conformance.kit.ConformanceRunner;
import io.sessions4j.conformance.kit.Check;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The black-box kit: {@code ConformanceMain URL [--only ID]…} runs every check against the harness
 * at URL, prints one line per check as it completes ({@code PASS id …}, {@code FAIL id …: why},
 * {@code N/A id …: reason}) and closes with {@code N passed, N failed} (plus {@code , N skipped}
 * when some did not apply) alone on the last line. Exit status: 0 when nothing failed, 1 when a
 * check failed, 2 on a usage error.
 */
public final class ConformanceMain {

  private ConformanceMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the CLI; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    URI base = null;
    ConformanceOptions.Builder options = ConformanceOptions.builder();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--only") && i + 1 < args.length) {
        options.only(args[++i]);
      } else if (base == null && !args[i].startsWith("-")) {
        base = parse(args[i]);
      } else {
        base = null;
        break;
      }
    }
    if (base == null) {
      err.println("usage: scripts/conformance URL [--only ID-OR-PREFIX]...   e.g. scripts/conformance http://127.0.0.1:8080");
      return 2;
    }
    long start = System.nanoTime();
    List<CheckResult> results = new ArrayList<>();
    try (ConformanceRun run = new ConformanceRunner(base, options.build()).start()) {
      for (Check check : run.checks()) {
        CheckResult result = run.result(check);
        results.add(result);
        out.println(result.line());
        out.flush();
      }
    }
    long passed = count(results, CheckResult.Outcome.PASSED);
    long failed = count(results, CheckResult.Outcome.FAILED);
    long skipped = count(results, CheckResult.Outcome.NOT_APPLICABLE);
    out.printf("# %d checks against %s in %.1f s%n", results.size(), base, (System.nanoTime() - start) / 1e9);
    out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    out.flush();
    return failed > 0 ? 1 : 0;
  }

  private static long count(List<CheckResult> results, CheckResult.Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  private static URI parse(String url) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
