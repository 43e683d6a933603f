package io.sessions4j.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A before/after check for busy machines, used for PROFILING.md: runs one benchmark method in a loop
 * and reports the <em>CPU time</em> of this thread per operation (ThreadMXBean), which other
 * processes competing for the cores do not inflate the way they inflate JMH's wall-clock score, and
 * the bytes this thread allocated per operation (which load does not change at all). Not
 * a replacement for JMH (no blackhole, no forks); compare only runs of this tool with each other.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sessions4j.bench.jmh.CpuTimeCheck [name...]} with
 * names from the list printed without arguments; 6 s warm-up, then 10 rounds of 1 s.
 */
public final class CpuTimeCheck {
  private static volatile Object sink;

  private CpuTimeCheck() {}

  public static void main(String[] args) throws Exception {
    Map<String, Supplier<Runnable>> ops = new LinkedHashMap<>();
    for (String prot : new String[] {"SIGNED", "ENCRYPTED"}) {
      ops.put("sealer-" + prot.toLowerCase() + "-sealOpen-200", () -> {
        CookieSealerBenchmark b = new CookieSealerBenchmark();
        b.protection = prot;
        b.size = 200;
        b.setup();
        return () -> sink = b.sealOpen();
      });
    }
    for (String impl : new String[] {"sessions4j-signed", "sessions4j-encrypted", "vertx"}) {
      ops.put("session-" + impl + "-sealOpen-200", () -> {
        CookieSessionBenchmark b = new CookieSessionBenchmark();
        b.impl = impl;
        b.size = 200;
        b.setup();
        return () -> sink = b.sealOpen();
      });
    }
    ops.put("codec-encode-200", () -> {
      AttributeCodecBenchmark b = new AttributeCodecBenchmark();
      b.size = 200;
      b.setup();
      return () -> sink = b.encode();
    });
    ops.put("codec-decode-200", () -> {
      AttributeCodecBenchmark b = new AttributeCodecBenchmark();
      b.size = 200;
      b.setup();
      return () -> sink = b.decode();
    });
    ops.put("engine-readOnly", () -> {
      EngineBenchmark b = new EngineBenchmark();
      b.setup();
      return () -> sink = b.readOnly();
    });
    ops.put("engine-modify", () -> {
      EngineBenchmark b = new EngineBenchmark();
      b.setup();
      return () -> sink = b.modify();
    });
    ops.put("engine-newSession", () -> {
      EngineBenchmark b = new EngineBenchmark();
      b.setup();
      return () -> sink = b.newSession();
    });
    for (String variant : new String[] {"listened", "metered", "traced"}) {
      ops.put("engine-readOnly-" + variant, () -> {
        EngineBenchmark b = new EngineBenchmark();
        b.variant = variant;
        b.setup();
        return () -> sink = b.readOnly();
      });
      ops.put("engine-modify-" + variant, () -> {
        EngineBenchmark b = new EngineBenchmark();
        b.variant = variant;
        b.setup();
        return () -> sink = b.modify();
      });
    }
    if (args.length == 0) {
      System.out.println("ops: " + ops.keySet());
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.ThreadMXBean allocated = (com.sun.management.ThreadMXBean) threads;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (String name : args) {
      Supplier<Runnable> factory = ops.get(name);
      if (factory == null) {
        throw new IllegalArgumentException("unknown op " + name + "; known: " + ops.keySet());
      }
      Runnable op = factory.get();
      runFor(op, 6_000_000_000L);
      double[] perOp = new double[10];
      double[] processPerOp = new double[10];
      double[] allocatedPerOp = new double[10];
      for (int round = 0; round < perOp.length; round++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        long allocated0 = allocated.getCurrentThreadAllocatedBytes();
        long n = runFor(op, 1_000_000_000L);
        perOp[round] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) n;
        processPerOp[round] = (os.getProcessCpuTime() - process0) / (double) n;
        allocatedPerOp[round] = (allocated.getCurrentThreadAllocatedBytes() - allocated0) / (double) n;
      }
      Arrays.sort(allocatedPerOp);
      Arrays.sort(perOp);
      Arrays.sort(processPerOp);
      System.out.printf("%-40s cpu ns/op: median %.0f  min %.0f  max %.0f"
          + "   (whole process incl. GC/JIT/pools: median %.0f  min %.0f)   allocated B/op: median %.0f%n", name,
          (perOp[4] + perOp[5]) / 2, perOp[0], perOp[perOp.length - 1],
          (processPerOp[4] + processPerOp[5]) / 2, processPerOp[0], (allocatedPerOp[4] + allocatedPerOp[5]) / 2);
    }
    System.exit(0); // Vert.x threads
  }

  /** Runs {@code op} for about {@code wallNanos} of wall time; returns how many times it ran. */
  private static long runFor(Runnable op, long wallNanos) {
    long end = System.nanoTime() + wallNanos;
    long n = 0;
    do {
      for (int i = 0; i < 100; i++) {
        op.run();
      }
      n += 100;
    } while (System.nanoTime() < end);
    return n;
  }
}
