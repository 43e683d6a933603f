package io.sessions4j.conformance.kit;

import io.sessions4j.conformance.client.KitClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One run of the kit. {@link Check.Kind#WAITING} checks were started when the run was; every other
 * check runs, one at a time, on the thread that first asks for its result. Close it to stop the
 * threads of waiting checks nobody asked about.
 */
public final class ConformanceRun implements AutoCloseable {

  private final ConformanceRunner runner;
  private final KitClient client;
  private final ExecutorService waiting;
  private final Map<Check, CompletableFuture<CheckResult>> started = new LinkedHashMap<>();
  private final Map<Check, CheckResult> finished = new LinkedHashMap<>();
  private final Object sequential = new Object();

  ConformanceRun(ConformanceRunner runner) {
    this.runner = runner;
    this.client = new KitClient(runner.base());
    this.waiting = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "conformance-waiting-check");
      t.setDaemon(true);
      return t;
    });
    for (Check check : runner.checks()) {
      if (check.kind() == Check.Kind.WAITING) {
        started.put(check, CompletableFuture.supplyAsync(() -> runner.execute(check, client), waiting));
      }
    }
  }

  /** The checks of this run, in report order. */
  public List<Check> checks() {
    return runner.checks();
  }

  /** The result of one check of this run, running it now if it is a quick one not yet run. */
  public CheckResult result(Check check) {
    CompletableFuture<CheckResult> future = started.get(check);
    if (future != null) {
      return future.join();
    }
    synchronized (sequential) {
      return finished.computeIfAbsent(check, c -> runner.execute(c, client));
    }
  }

  /** Every result, in report order. */
  public List<CheckResult> results() {
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks()) {
      results.add(result(check));
    }
    return results;
  }

  @Override
  public void close() {
    waiting.shutdownNow();
  }
}
