package io.sessions4j.conformance.stores.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.testing.TestExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One store outage under load, through the real engine: client threads make requests (load,
 * change, commit) on two engines sharing one store — one with {@code storeFailurePolicy=FAIL}, one
 * with {@code CONTINUE}, both with {@code storeTimeout=1s} — while the server is killed (SIGKILL),
 * kept down, and started again. Every request is classified and timed; {@link Report#check()}
 * asserts liveness, the policy's answers during the outage, recovery within 5 s, and that no session
 * was lost, half-written or resurrected.
 *
 * <p>The requests go through {@link SessionManager} with an in-memory exchange, not over HTTP:
 * every adapter renders the engine's failure with {@link FailureResponse#of}, which is what a
 * request's answer is classified by here, and all the waiting (store calls, timeouts, reconnects)
 * happens in the engine and the store, so an HTTP hop would add client timeouts without testing
 * anything more about outages.
 */
final class OutageDrill {
  /** Reads stored documents for comparison (documents carry no Java types). */
  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
  /** Liveness bound of one load or commit: storeTimeout, its merge rounds, and a generous margin. */
  static final Duration LIVENESS = STORE_TIMEOUT.multipliedBy(3).plusSeconds(2);
  /** What "recovers within 5 s of the server coming back" means here. */
  static final Duration RECOVERY_BOUND = Duration.ofSeconds(5);
  static final String ID_HEADER = "X-Session-Id";
  static final int THREADS_PER_POLICY = 3;
  static final int SESSIONS_PER_THREAD = 4;
  static final int FROZEN = 20;
  static final int DESTROYED = 10;
  static final Duration BEFORE = Duration.ofMillis(1500);
  static final Duration DOWN = Duration.ofSeconds(4);
  static final Duration AFTER = Duration.ofSeconds(2);
  private static final String PAD = "p".repeat(300);

  enum Outcome { OK, UNAVAILABLE, FRESH, LOST, CORRUPT, HUNG, ERROR }

  record Request(StoreFailurePolicy policy, long start, long end, Outcome outcome, String detail) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(end - start);
    }
  }

  /** A session one client thread owns: what it wrote and what the store confirmed. */
  static final class Tracked {
    final String id;
    final String owner;
    /** Highest n a commit confirmed (FAIL engine: a completed commit is stored). */
    volatile int confirmed;
    /** Highest n any request tried to write. */
    volatile int attempted;
    /** Highest n any load saw (reads must never go backwards). */
    volatile int seen;

    Tracked(String id, String owner) {
      this.id = id;
      this.owner = owner;
    }
  }

  private final String label;
  private final PrivateServer server;
  private final SessionStore store;
  private final Map<StoreFailurePolicy, SessionManager> engines = new EnumMap<>(StoreFailurePolicy.class);
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean stop = new AtomicBoolean();

  private OutageDrill(String label, PrivateServer server, SessionStore store) {
    this.label = label;
    this.server = server;
    this.store = store;
    for (StoreFailurePolicy policy : StoreFailurePolicy.values()) {
      engines.put(policy, SessionManager.create(SessionConfig.builder()
          .store(store)
          .idCookie(false)
          .idHeader(ID_HEADER)
          .storeTimeout(STORE_TIMEOUT)
          .storeFailurePolicy(policy)
          .build()));
    }
  }

  /** Runs the drill on a started server and a store connected to it; check the report afterwards. */
  static Report run(String label, PrivateServer server, SessionStore store) throws Exception {
    return new OutageDrill(label, server, store).run();
  }

  private Report run() throws Exception {
    SessionManager seeder = engines.get(StoreFailurePolicy.FAIL);
    Map<StoreFailurePolicy, List<List<Tracked>>> owned = new EnumMap<>(StoreFailurePolicy.class);
    for (StoreFailurePolicy policy : StoreFailurePolicy.values()) {
      List<List<Tracked>> perThread = new ArrayList<>();
      for (int t = 0; t < THREADS_PER_POLICY; t++) {
        List<Tracked> mine = new ArrayList<>();
        for (int k = 0; k < SESSIONS_PER_THREAD; k++) {
          String owner = policy + "-" + t + "-" + k;
          Session s = request(seeder, null, session -> write(session, owner, 0));
          mine.add(new Tracked(s.id(), owner));
        }
        perThread.add(mine);
      }
      owned.put(policy, perThread);
    }
    List<StoredSession> frozen = new ArrayList<>();
    for (int i = 0; i < FROZEN; i++) {
      int n = i;
      Session s = request(seeder, null, session -> write(session, "frozen-" + n, n));
      frozen.add(store.get(s.id()).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow());
    }
    List<String> destroyed = new ArrayList<>();
    for (int i = 0; i < DESTROYED; i++) {
      int n = i;
      Session s = request(seeder, null, session -> write(session, "destroyed-" + n, n));
      request(seeder, s.id(), Session::destroy);
      destroyed.add(s.id());
    }

    List<Thread> clients = new ArrayList<>();
    owned.forEach((policy, perThread) -> {
      for (int t = 0; t < perThread.size(); t++) {
        List<Tracked> mine = perThread.get(t);
        Thread thread = new Thread(() -> client(policy, mine), "outage-client-" + policy + "-" + t);
        thread.setDaemon(true);
        clients.add(thread);
      }
    });
    long begin = System.nanoTime();
    clients.forEach(Thread::start);
    Thread.sleep(BEFORE.toMillis());

    long kill = System.nanoTime();
    server.kill();
    long dead = System.nanoTime();
    Thread.sleep(DOWN.toMillis());
    long restart = System.nanoTime();
    server.start();
    long up = System.nanoTime();

    // keep the load until both policies have succeeded again, then AFTER more
    long recoveredBy = up + RECOVERY_BOUND.toNanos() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < recoveredBy && !(firstOkAfter(StoreFailurePolicy.FAIL, up).isPresent()
        && firstOkAfter(StoreFailurePolicy.CONTINUE, up).isPresent())) {
      Thread.sleep(20);
    }
    long post = System.nanoTime() + AFTER.toNanos();
    // make sure the window where everything must succeed (up + 5 s) has requests in it
    long until = Math.max(post, up + RECOVERY_BOUND.toNanos() + TimeUnit.MILLISECONDS.toNanos(1500));
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.max(0, until - System.nanoTime())));
    stop.set(true);
    for (Thread c : clients) {
      c.join(LIVENESS.toMillis() * 3);
    }
    long end = System.nanoTime();
    boolean clientsStopped = clients.stream().noneMatch(Thread::isAlive);

    return new Report(label, begin, kill, dead, restart, up, end, List.copyOf(requests), owned, frozen, destroyed,
        clientsStopped);
  }

  private Optional<Request> firstOkAfter(StoreFailurePolicy policy, long from) {
    return requests.stream().filter(r -> r.policy() == policy && r.start() >= from && r.outcome() == Outcome.OK)
        .min(Comparator.comparingLong(Request::end));
  }

  private void client(StoreFailurePolicy policy, List<Tracked> mine) {
    SessionManager engine = engines.get(policy);
    int i = 0;
    while (!stop.get()) {
      Tracked s = mine.get(i++ % mine.size());
      long start = System.nanoTime();
      Request r;
      try {
        r = oneRequest(engine, policy, s, start);
      } catch (RuntimeException e) {
        r = new Request(policy, start, System.nanoTime(), Outcome.ERROR, e.toString());
      }
      requests.add(r);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Request oneRequest(SessionManager engine, StoreFailurePolicy policy, Tracked s, long start) {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, s.id);
    Session session;
    try {
      session = engine.load(exchange).toCompletableFuture().get(LIVENESS.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Request(policy, start, System.nanoTime(), Outcome.HUNG, "load did not finish within " + LIVENESS);
    } catch (ExecutionException | InterruptedException e) {
      return failed(policy, start, e, "load");
    }
    int next;
    Outcome outcome;
    if (session.isNew()) {
      // FAIL never gives a fresh session for an id it could not look up; CONTINUE does, during outages
      if (policy == StoreFailurePolicy.FAIL) {
        return new Request(policy, start, System.nanoTime(), Outcome.LOST, "session " + s.owner + " came back empty");
      }
      session.put("fresh", true); // a new session the store may fail to save, as a real request would
      next = -1;
      outcome = Outcome.FRESH;
    } else {
      Integer n = session.get("n", Integer.class);
      String sig = session.get("sig", String.class);
      String pad = session.get("pad", String.class);
      if (n == null || !(s.owner + ":" + n).equals(sig) || !(PAD + n).equals(pad)) {
        return new Request(policy, start, System.nanoTime(), Outcome.CORRUPT,
            s.owner + " read n=" + n + " sig=" + sig + " pad ok=" + (PAD + n).equals(pad));
      }
      if (n < s.seen || n > s.attempted || (policy == StoreFailurePolicy.FAIL && n < s.confirmed)) {
        return new Request(policy, start, System.nanoTime(), Outcome.LOST,
            s.owner + " read n=" + n + " but seen " + s.seen + ", confirmed " + s.confirmed + ", attempted " + s.attempted);
      }
      s.seen = n;
      next = n + 1;
      s.attempted = Math.max(s.attempted, next);
      write(session, s.owner, next);
      outcome = Outcome.OK;
    }
    try {
      engine.commit(exchange, session).toCompletableFuture().get(LIVENESS.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Request(policy, start, System.nanoTime(), Outcome.HUNG, "commit did not finish within " + LIVENESS);
    } catch (ExecutionException | InterruptedException e) {
      return failed(policy, start, e, "commit");
    }
    if (next >= 0 && policy == StoreFailurePolicy.FAIL) {
      s.confirmed = Math.max(s.confirmed, next);
    }
    return new Request(policy, start, System.nanoTime(), outcome, "");
  }

  private static Request failed(StoreFailurePolicy policy, long start, Exception e, String phase) {
    long end = System.nanoTime();
    FailureResponse answer = FailureResponse.of(e);
    if (answer != null && answer.status() == 503 && answer.retryAfterSeconds() > 0) {
      return new Request(policy, start, end, Outcome.UNAVAILABLE, phase);
    }
    return new Request(policy, start, end, Outcome.ERROR, phase + ": " + FailureResponse.unwrap(e));
  }

  private static void write(Session session, String owner, int n) {
    session.put("n", n);
    session.put("sig", owner + ":" + n);
    session.put("pad", PAD + n);
  }

  private static Session request(SessionManager engine, String id, java.util.function.Consumer<Session> handler)
      throws Exception {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, id);
    Session session = engine.load(exchange).toCompletableFuture().get(30, TimeUnit.SECONDS);
    handler.accept(session);
    engine.commit(exchange, session).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return session;
  }

  /** What happened, and the checks. */
  final class Report {
    final String label;
    final long begin, kill, dead, restart, up, end;
    final List<Request> all;
    final Map<StoreFailurePolicy, List<List<Tracked>>> owned;
    final List<StoredSession> frozen;
    final List<String> destroyed;
    final boolean clientsStopped;
    final List<String> figures = new ArrayList<>();

    Report(String label, long begin, long kill, long dead, long restart, long up, long end, List<Request> all,
        Map<StoreFailurePolicy, List<List<Tracked>>> owned, List<StoredSession> frozen, List<String> destroyed,
        boolean clientsStopped) {
      this.label = label;
      this.begin = begin;
      this.kill = kill;
      this.dead = dead;
      this.restart = restart;
      this.up = up;
      this.end = end;
      this.all = all;
      this.owned = owned;
      this.frozen = frozen;
      this.destroyed = destroyed;
      this.clientsStopped = clientsStopped;
    }

    private long ms(long nanos) {
      return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Asserts everything and prints the figures (also kept in {@link #figures}). */
    void check() throws Exception {
      try {
        checkRequests();
        checkSessions();
      } finally {
        figures.forEach(f -> System.out.println("OUTAGE " + label + " " + f));
        engines.values().forEach(SessionManager::close);
      }
    }

    private void checkRequests() {
      figures.add(String.format("server down for %d ms (kill to answering again), restart took %d ms; %d requests",
          ms(up - kill), ms(up - restart), all.size()));
      assertThat(clientsStopped).as("every client thread finished (none hung)").isTrue();
      List<Request> bad = all.stream()
          .filter(r -> r.outcome() == Outcome.HUNG || r.outcome() == Outcome.ERROR || r.outcome() == Outcome.CORRUPT
              || r.outcome() == Outcome.LOST)
          .toList();
      List<Request> overLiveness = all.stream().filter(r -> r.end() - r.start() > LIVENESS.toNanos()).toList();

      for (StoreFailurePolicy policy : StoreFailurePolicy.values()) {
        List<Request> mine = all.stream().filter(r -> r.policy() == policy).toList();
        List<Request> before = mine.stream().filter(r -> r.end() < kill).toList();
        List<Request> outage = mine.stream().filter(r -> r.start() >= kill && r.start() < up).toList();
        // requests whose load (bounded by storeTimeout) ran entirely while the server was dead
        List<Request> down = mine.stream()
            .filter(r -> r.start() >= dead && r.start() + STORE_TIMEOUT.toNanos() <= restart).toList();
        List<Request> settled = mine.stream().filter(r -> r.start() >= up + RECOVERY_BOUND.toNanos()).toList();
        Optional<Request> firstOk = mine.stream().filter(r -> r.start() >= up && r.outcome() == Outcome.OK)
            .min(Comparator.comparingLong(Request::end));
        Optional<Request> lastNotOk = mine.stream().filter(r -> r.start() >= dead && r.outcome() != Outcome.OK)
            .max(Comparator.comparingLong(Request::end));
        Map<Outcome, Long> outageOutcomes = outage.stream()
            .collect(Collectors.groupingBy(Request::outcome, () -> new EnumMap<>(Outcome.class), Collectors.counting()));

        figures.add(String.format(
            "%s: before %d requests, p99 %d ms | outage %d requests %s, latency max %d ms, p99 %d ms, median %d ms"
                + " | first success %s ms after the server answered again, last failure %s ms after it | after +5 s: %d requests",
            policy, before.size(), percentile(before, 0.99), outage.size(), outageOutcomes, max(outage),
            percentile(outage, 0.99), percentile(outage, 0.5),
            firstOk.map(r -> Long.toString(ms(r.end() - up))).orElse("never"),
            lastNotOk.map(r -> Long.toString(ms(Math.max(0, r.end() - up)))).orElse("-"),
            settled.size()));

        assertThat(before).as("%s requests before the outage", policy).isNotEmpty()
            .allSatisfy(r -> assertThat(r.outcome()).as("%s before the outage: %s", policy, r).isEqualTo(Outcome.OK));
        Outcome expected = policy == StoreFailurePolicy.FAIL ? Outcome.UNAVAILABLE : Outcome.FRESH;
        assertThat(down).as("%s requests while the server was down", policy).isNotEmpty()
            .allSatisfy(r -> assertThat(r.outcome()).as("%s while down: %s", policy, r).isEqualTo(expected));
        assertThat(firstOk).as("%s: a request succeeds again after the restart", policy).isPresent();
        assertThat(Duration.ofNanos(firstOk.get().end() - up)).as("%s: first success after the server came back", policy)
            .isLessThanOrEqualTo(RECOVERY_BOUND);
        assertThat(settled).as("%s requests from 5 s after the server came back", policy).isNotEmpty()
            .allSatisfy(r -> assertThat(r.outcome()).as("%s 5 s after the restart: %s", policy, r).isEqualTo(Outcome.OK));
      }
      assertThat(bad).as("requests that hung, failed unexpectedly, lost or corrupted data").isEmpty();
      assertThat(overLiveness).as("requests slower than the liveness bound %s", LIVENESS).isEmpty();
    }

    private void checkSessions() throws Exception {
      SessionManager reader = engines.get(StoreFailurePolicy.FAIL);
      int checked = 0;
      for (Map.Entry<StoreFailurePolicy, List<List<Tracked>>> e : owned.entrySet()) {
        for (List<Tracked> mine : e.getValue()) {
          for (Tracked s : mine) {
            Session session = request(reader, s.id, x -> {});
            assertThat(session.isNew()).as("session %s still exists", s.owner).isFalse();
            Integer n = session.get("n", Integer.class);
            assertThat(session.get("sig", String.class)).as("%s is consistent", s.owner).isEqualTo(s.owner + ":" + n);
            assertThat(session.get("pad", String.class)).as("%s is consistent", s.owner).isEqualTo(PAD + n);
            assertThat(n).as("%s keeps every confirmed write and holds only attempted ones", s.owner)
                .isBetween(Math.max(s.seen, s.confirmed), s.attempted);
            checked++;
          }
        }
      }
      for (StoredSession before : frozen) {
        StoredSession after = store.get(before.id()).toCompletableFuture().get(5, TimeUnit.SECONDS).orElse(null);
        assertThat(after).as("untouched session is still there").isNotNull();
        // the same document: Redis keeps attributes as hash fields, and a large hash need not give
        // them back in the order written, so the bytes may differ while the content may not; the
        // unchanged version proves no write reached the record at all
        assertThat(DOCUMENTS.decode(after.data())).as("untouched session's document is unchanged")
            .isEqualTo(DOCUMENTS.decode(before.data()));
        assertThat(after.version()).as("untouched session's version").isEqualTo(before.version());
        assertThat(after.expiresAt()).isEqualTo(before.expiresAt());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
      }
      for (String id : destroyed) {
        assertThat(store.get(id).toCompletableFuture().get(5, TimeUnit.SECONDS)).as("destroyed session stays gone").isEmpty();
      }
      figures.add(String.format("sessions checked afterwards: %d written under load (attributes consistent, no "
          + "confirmed write lost), %d untouched (same document, same version), %d destroyed (still absent)",
          checked, frozen.size(), destroyed.size()));
    }

    private long percentile(List<Request> rs, double q) {
      if (rs.isEmpty()) {
        return -1;
      }
      long[] sorted = rs.stream().mapToLong(Request::millis).sorted().toArray();
      int index = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private long max(List<Request> rs) {
      return rs.stream().mapToLong(Request::millis).max().orElse(-1);
    }
  }
}
