package io.sessions4j.bench.jmh;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.KeyRing;
import io.sessions4j.core.id.SessionIdGenerator;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one-million-sessions test of the {@link MemoryStore}, run as a plain main with a fixed heap.
 *
 * <ol>
 *   <li>Fill: {@code sessions} records with a ~200-byte encoded document each (every record its own
 *       array), expiring in an hour; then {@code System.gc()} several times and read the heap used
 *       (MemoryMXBean), minus the heap used before filling: bytes per session.
 *   <li>Baseline: after {@code warmupSeconds} of unrecorded requests (JIT), one thread runs engine requests (load + commit, 1 in 10 modifying) on random live
 *       sessions for {@code baselineSeconds}: latency percentiles with no expiry going on.
 *   <li>Sweep: half of the sessions are re-scheduled (store touch) to expire spread over {@code
 *       sweepSeconds}, starting {@code leadSeconds} later; the same request thread runs meanwhile, and
 *       until the last deadline has passed plus two seconds: latency percentiles while the store's
 *       scheduler removes the expired half, and how many expiry notices arrived.
 * </ol>
 *
 * <p>Writes {@code key=value} lines to the file given as the first argument (the report renders
 * them). System properties: {@code sessions} (1,000,000), {@code baselineSeconds} (10), {@code
 * sweepSeconds} (20), {@code warmupSeconds} (5), {@code leadSeconds} (5).
 */
public final class MillionSessions {
  private static final int SAMPLE_CAP = 20_000_000;

  private MillionSessions() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "memory.properties");
    int n = Integer.getInteger("sessions", 1_000_000);
    int baselineSeconds = Integer.getInteger("baselineSeconds", 10);
    int sweepSeconds = Integer.getInteger("sweepSeconds", 20);
    int warmupSeconds = Integer.getInteger("warmupSeconds", 5);
    int leadSeconds = Integer.getInteger("leadSeconds", 5);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("sessions", n);
    result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());

    MemoryStore store = MemoryStore.builder().maximumSize(2L * n).build();
    SessionManager manager = SessionManager.create(SessionConfig.builder()
        .keys(Payloads.SECRET).store(store).build());
    AtomicLong expired = new AtomicLong();
    store.setExpiryListener(id -> expired.incrementAndGet());

    // a ~200-byte store-mode document (timestamps live in the record, not in the data)
    AttributeCodec codec = new AttributeCodec(Map.of());
    byte[] template = codec.encode(
        Payloads.document(codec, Payloads.attributes(codec, 200, false), false));
    result.put("payloadBytes", template.length);

    long heapBefore = settledHeapUsed();
    result.put("heapBeforeBytes", heapBefore);
    String[] ids = new String[n];
    SessionIdGenerator gen = SessionIdGenerator.secureRandom();
    long fillStart = System.nanoTime();
    Instant now = Instant.now();
    Instant later = now.plus(Duration.ofHours(1));
    for (int i = 0; i < n; i++) {
      String id = gen.generate();
      ids[i] = id;
      store.set(new StoredSession(id, Arrays.copyOf(template, template.length), now, now, later, 1,
          null));
    }
    store.cleanUp();
    result.put("fillSeconds", (System.nanoTime() - fillStart) / 1e9);
    long heapAfter = settledHeapUsed();
    long length = store.length().toCompletableFuture().join();
    result.put("storeLength", length);
    result.put("heapAfterBytes", heapAfter);
    result.put("heapUsedBySessionsBytes", heapAfter - heapBefore);
    result.put("bytesPerSession", (heapAfter - heapBefore) / (double) n);
    // the ids array (n references) is the benchmark's, not the store's
    result.put("idsArrayBytes", 16L + 4L * n);

    // Live sessions the request thread uses: the odd indexes (the even ones expire in the sweep).
    KeyRing keys = KeyRing.fromSecrets(List.of(Payloads.SECRET));
    CookieSealer signer = CookieSealer.signed(keys, 0);
    int liveSample = Math.min(10_000, n / 2);
    String[] cookies = new String[liveSample];
    SplittableRandom pick = new SplittableRandom(42);
    for (int i = 0; i < liveSample; i++) {
      String id = ids[2 * pick.nextInt(n / 2) + 1];
      cookies[i] = "sid=" + signer.seal("sid", id.getBytes(StandardCharsets.US_ASCII));
    }

    new Requests(manager, cookies).runFor(Duration.ofSeconds(warmupSeconds)); // JIT warm-up, not recorded
    result.put("warmupSeconds", warmupSeconds);
    Requests baseline = new Requests(manager, cookies);
    baseline.runFor(Duration.ofSeconds(baselineSeconds));
    put(result, "baseline", baseline);

    // Re-schedule the even half to expire over the sweep window, a few seconds from now.
    long gcBefore = gcMillis();
    Instant sweepStart = Instant.now().plusSeconds(leadSeconds);
    SplittableRandom spread = new SplittableRandom(7);
    long scheduleStart = System.nanoTime();
    int due = 0;
    for (int i = 0; i < n; i += 2) {
      Instant at = sweepStart.plusMillis(spread.nextLong(sweepSeconds * 1000L));
      if (store.touch(ids[i], at, at).toCompletableFuture().join()) {
        due++;
      }
    }
    result.put("rescheduleSeconds", (System.nanoTime() - scheduleStart) / 1e9);
    result.put("scheduledToExpire", due);
    Arrays.fill(ids, null); // only the store holds the ids now

    Requests sweep = new Requests(manager, cookies);
    Instant end = sweepStart.plusSeconds(sweepSeconds + 2L);
    sweep.runFor(Duration.between(Instant.now(), end));
    result.put("sweepSeconds", sweepSeconds);
    result.put("expiredNotices", expired.get());
    result.put("storeLengthAfter", store.length().toCompletableFuture().join());
    result.put("gcMillisDuringSweep", gcMillis() - gcBefore);
    put(result, "sweep", sweep);
    manager.close();

    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      result.forEach((k, v) -> w.println(k + "=" + v));
    }
    result.forEach((k, v) -> System.out.println(k + "=" + v));
  }

  private static void put(Map<String, Object> result, String prefix, Requests r) {
    result.put(prefix + ".requests", r.count);
    result.put(prefix + ".notFound", r.notFound);
    result.put(prefix + ".seconds", r.seconds);
    long[] sorted = Arrays.copyOf(r.samples, r.recorded);
    Arrays.sort(sorted);
    result.put(prefix + ".p50Micros", percentile(sorted, 0.50) / 1000.0);
    result.put(prefix + ".p99Micros", percentile(sorted, 0.99) / 1000.0);
    result.put(prefix + ".p999Micros", percentile(sorted, 0.999) / 1000.0);
    result.put(prefix + ".maxMicros", (sorted.length == 0 ? 0 : sorted[sorted.length - 1]) / 1000.0);
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** Heap used after a few full collections, once it stops shrinking. */
  static long settledHeapUsed() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used - 64 * 1024) {
        return Math.min(used, now);
      }
      used = now;
    }
    return used;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** One thread of engine requests on known live sessions; each request's latency recorded. */
  static final class Requests {
    private final SessionManager manager;
    private final String[] cookies;
    long[] samples = new long[0];
    int recorded;
    long count;
    long notFound;
    double seconds;

    Requests(SessionManager manager, String[] cookies) {
      this.manager = manager;
      this.cookies = cookies;
    }

    void runFor(Duration duration) throws InterruptedException {
      samples = new long[SAMPLE_CAP / 4];
      AtomicBoolean stop = new AtomicBoolean();
      Thread t = new Thread(() -> loop(stop), "requests");
      long start = System.nanoTime();
      t.start();
      Thread.sleep(Math.max(0, duration.toMillis()));
      stop.set(true);
      t.join();
      seconds = (System.nanoTime() - start) / 1e9;
    }

    private void loop(AtomicBoolean stop) {
      SplittableRandom r = new SplittableRandom(1);
      while (!stop.get()) {
        BenchExchange ex = new BenchExchange(cookies[r.nextInt(cookies.length)]);
        long t0 = System.nanoTime();
        Session s = manager.load(ex).toCompletableFuture().join();
        if (count % 10 == 0) {
          s.put("visits", count);
        } else {
          s.get("user");
        }
        manager.commit(ex, s).toCompletableFuture().join();
        long t1 = System.nanoTime();
        if (s.isNew()) {
          notFound++;
        }
        if (recorded < samples.length) {
          samples[recorded++] = t1 - t0;
        }
        count++;
      }
    }
  }

}
