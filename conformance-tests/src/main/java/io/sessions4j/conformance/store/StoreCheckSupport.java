package io.sessions4j.conformance.store;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.LayoutLimits.Guarantee;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.testing.TestExchange;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every family of the store conformance checks stands on: the store under test and the hooks a
 * store's test supplies, opening and closing the store around each check, and the helpers the checks
 * share (records, documents, an engine on the store, parallel tasks, waiting). A store's test does
 * not extend this class but {@link StoreConformanceSuite}.
 *
 * <p>Times are whole milliseconds: that is the precision every store must keep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreCheckSupport {
  /** The header the engine reads the id from in these checks (no cookies involved). */
  protected static final String ID_HEADER = "X-Session-Id";
  /** Upper bound on any single store operation or poll in these checks. */
  protected static final Duration PATIENCE = Duration.ofSeconds(60);
  /** Parallel requests in the concurrency checks. */
  protected static final int PARALLEL_REQUESTS = 32;
  /** Requests of one session loaded together and committing at the same instant. */
  protected static final int LOCKSTEP_WRITERS = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The store under test, fresh (or cleared) for each check. */
  protected SessionStore store;

  /** A store to test. Called before every check; {@link #closeStore} closes it after. */
  protected abstract SessionStore createStore() throws Exception;

  /**
   * Makes the store remove expired records the way it does on its own: the memory store runs its
   * cache maintenance, the JDBC store one sweep; a store whose records expire natively (Redis) does
   * nothing.
   */
  protected abstract void removeExpired(SessionStore store) throws Exception;

  /** Whether the store still physically holds a record under {@code id}, expired or not. */
  protected abstract boolean holdsRecord(SessionStore store, String id) throws Exception;

  /** Whether the store tells its expiry listener about the records it removes. Default true. */
  protected boolean reportsExpiry() {
    return true;
  }

  /**
   * Called before every check, before {@link #createStore()}: a store on a server calls {@link
   * RealServers} here, so a missing server skips (or, in CI, fails) each check visibly.
   */
  protected void requireServer() {}

  /** Clears the store before a check; by default {@link StoreAdministration#clear()}. */
  protected void resetStore(SessionStore store) throws Exception {
    await(StoreAdministration.of(store).clear());
  }

  /** The store's administration (the suite seeds records with {@code set} and checks S5 with it). */
  protected StoreAdministration admin() {
    return StoreAdministration.of(store);
  }

  /**
   * For a store that does not keep {@link Guarantee#WRITTEN_PRINCIPAL} but reads the principal from
   * the data (the Node stores: the value at their principal path): a document naming {@code
   * principal} there, so that S5 can check its principal index. Null (the default): the store has
   * no such document, and the check is skipped with the store's reason.
   */
  protected byte[] documentNaming(String principal) {
    return null;
  }

  /** The store's principal index (checked by S5). */
  protected PrincipalIndex principalIndex() {
    return PrincipalIndex.of(store);
  }

  // ---- what the store keeps ------------------------------------------------------------------

  /** Whether the store keeps {@code guarantee} (it does unless it declares otherwise, {@link LayoutLimits}). */
  protected boolean keeps(Guarantee guarantee) {
    return !LayoutLimits.of(store).containsKey(guarantee);
  }

  /**
   * Skips the calling check, visibly and with the store's own reason, when the store declares that
   * it does not keep {@code guarantee}.
   */
  protected void requires(Guarantee guarantee) {
    String reason = LayoutLimits.of(store).get(guarantee);
    Assumptions.assumeTrue(reason == null, () -> store.getClass().getSimpleName() + " does not keep "
        + guarantee + " (declared in its LayoutLimits): " + reason);
  }

  /**
   * Asserts that {@code actual} is {@code expected} in every part the store keeps: id and data
   * always; the expiry to the millisecond, or to the second when the store does not keep {@link
   * Guarantee#MILLISECOND_EXPIRY}; times, version and principal when it keeps them.
   */
  protected void assertSameRecord(StoredSession actual, StoredSession expected) {
    org.assertj.core.api.Assertions.assertThat(actual.id()).isEqualTo(expected.id());
    assertSameData(actual.data(), expected.data());
    assertExpiry(actual.expiresAt(), expected.expiresAt());
    if (keeps(Guarantee.RECORDED_TIMES)) {
      org.assertj.core.api.Assertions.assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
      org.assertj.core.api.Assertions.assertThat(actual.lastAccessedAt()).isEqualTo(expected.lastAccessedAt());
    }
    if (keeps(Guarantee.WRITTEN_VERSIONS)) {
      org.assertj.core.api.Assertions.assertThat(actual.version()).isEqualTo(expected.version());
    }
    if (keeps(Guarantee.WRITTEN_PRINCIPAL)) {
      org.assertj.core.api.Assertions.assertThat(actual.principal()).isEqualTo(expected.principal());
    }
  }

  /**
   * Asserts that {@code actual} is the data {@code expected}: byte for byte, or, when the store does
   * not keep {@link Guarantee#OPAQUE_DATA}, the same attributes (the store writes them as JSON of
   * its own, e.g. a 4-byte character as a {@code \\u} escape pair).
   */
  protected void assertSameData(byte[] actual, byte[] expected) {
    if (keeps(Guarantee.OPAQUE_DATA)) {
      org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected);
    } else {
      org.assertj.core.api.Assertions.assertThat(DOCUMENTS.decode(actual).attributes())
          .isEqualTo(DOCUMENTS.decode(expected).attributes());
    }
  }

  /** Asserts that the store holds {@code expected} under its id ({@link #assertSameRecord}). */
  protected void assertStored(StoredSession expected) throws Exception {
    Optional<StoredSession> actual = await(store.get(expected.id()));
    org.assertj.core.api.Assertions.assertThat(actual).as("record %s", expected.id()).isPresent();
    assertSameRecord(actual.get(), expected);
  }

  /** Asserts that {@code actual} holds exactly the {@code expected} records, in any order ({@link #assertSameRecord}). */
  protected void assertSameRecords(List<StoredSession> actual, StoredSession... expected) {
    Map<String, StoredSession> byId = actual.stream().collect(Collectors.toMap(StoredSession::id, Function.identity()));
    org.assertj.core.api.Assertions.assertThat(byId.keySet()).as("ids")
        .containsExactlyInAnyOrder(java.util.Arrays.stream(expected).map(StoredSession::id).toArray(String[]::new));
    org.assertj.core.api.Assertions.assertThat(actual).hasSize(expected.length);
    for (StoredSession e : expected) {
      assertSameRecord(byId.get(e.id()), e);
    }
  }

  /** Asserts an expiry to the millisecond, or within a second when the store does not keep milliseconds. */
  protected void assertExpiry(Instant actual, Instant expected) {
    if (keeps(Guarantee.MILLISECOND_EXPIRY)) {
      org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected);
    } else {
      org.assertj.core.api.Assertions.assertThat(Duration.between(expected, actual).abs())
          .as("expiry %s near %s", actual, expected).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  /** The version of the record the store holds under {@code id} now (what a versioned save must name). */
  protected long storedVersion(String id) throws Exception {
    return await(store.get(id)).orElseThrow().version();
  }

  @BeforeEach
  void openStore() throws Exception {
    requireServer();
    store = createStore();
    resetStore(store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A request/session pair loaded but not yet committed, for checks that interleave requests. */
  protected record Loaded(TestExchange exchange, Session session) {}

  /** An engine on {@code store}, the id travelling in {@link #ID_HEADER}, all other options default. */
  protected SessionManager engine(SessionStore store) {
    return SessionManager.create(engineConfig(store).build());
  }

  /** The configuration {@link #engine} uses; override to adjust. */
  protected SessionConfig.Builder engineConfig(SessionStore store) {
    return SessionConfig.builder()
        .store(store)
        .idCookie(false)
        .idHeader(ID_HEADER)
        .storeTimeout(PATIENCE);
  }

  /** Loads the session {@code id} names (null: none) for a request. */
  protected static Loaded load(SessionManager manager, String id) throws Exception {
    TestExchange exchange = TestExchange.withHeader(ID_HEADER, id);
    return new Loaded(exchange, await(manager.load(exchange)));
  }

  /** Commits a loaded request's session. */
  protected static void commit(SessionManager manager, Loaded loaded) throws Exception {
    await(manager.commit(loaded.exchange(), loaded.session()));
  }

  /** One whole request: load, run {@code handler}, commit; returns the committed session. */
  protected static Session request(SessionManager manager, String id, Consumer<Session> handler) throws Exception {
    Loaded loaded = load(manager, id);
    handler.accept(loaded.session());
    commit(manager, loaded);
    return loaded.session();
  }

  /**
   * {@code n} tasks made by {@code task} (given 0 … n-1), each first waiting at one shared barrier,
   * so that under {@link #runAll} they all start at the same moment.
   */
  protected static <T> List<Callable<T>> startingTogether(int n, IntFunction<Callable<T>> task) {
    CyclicBarrier start = new CyclicBarrier(n);
    List<Callable<T>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Callable<T> work = task.apply(i);
      tasks.add(() -> {
        start.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return work.call();
      });
    }
    return tasks;
  }

  /** Runs tasks on their own threads at once; rethrows the first failure after all finished. */
  protected static <T> List<T> runAll(List<? extends Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          results.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError(failures.size() + " of " + tasks.size()
            + " parallel tasks failed; first: " + failures.get(0), failures.get(0));
        failures.stream().skip(1).limit(5).forEach(error::addSuppressed);
        throw error;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The stage's value, waiting at most {@link #PATIENCE}; failures are rethrown unwrapped. */
  protected static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("store operation did not complete within " + PATIENCE, e);
    }
  }

  /** Polls {@code condition} until it holds, failing after {@link #PATIENCE}. */
  protected static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** {@link #holdsRecord} for lambdas: a failure to look is rethrown unchecked. */
  boolean holdsRecordUnchecked(String id) {
    try {
      return holdsRecord(store, id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The current time at the millisecond precision stores keep. */
  protected static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  /** An expiry comfortably in the future. */
  protected static Instant later() {
    return now().plus(Duration.ofHours(1));
  }

  /** A new well-formed, unguessable id. */
  protected static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  protected static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A record created a minute ago, last accessed now. */
  protected static StoredSession record(String id, byte[] data, Instant expiresAt, long version, String principal) {
    Instant now = now();
    return new StoredSession(id, data, now.minusSeconds(60), now, expiresAt, version, principal);
  }

  /** Reads and writes session documents in these checks (documents carry no Java types). */
  protected static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());
  protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A store-mode session document with the given attributes object and extra top-level fields. */
  protected static byte[] document(String attributesJson, String... extraFields) {
    StringBuilder json = new StringBuilder("{\"v\":1,\"a\":").append(attributesJson);
    for (String field : extraFields) {
      json.append(',').append(field);
    }
    return json(json.append('}').toString());
  }

  /** The attributes of a stored record's document. */
  protected static Map<String, JsonNode> attributes(StoredSession record) {
    return DOCUMENTS.decode(record.data()).attributes();
  }

  /** For subclasses: the record under {@code id} as {@link SessionStore#get} returns it. */
  protected Optional<StoredSession> stored(String id) throws Exception {
    return await(store.get(id));
  }
}
