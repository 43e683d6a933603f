package io.sessions4j.core;

import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.http.ForwardingExchange;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The session engine: framework-neutral, it makes every observable decision — which session a
 * request gets, whether a Set-Cookie is sent, whether the store is written, touched or left alone,
 * expiry, rolling and renew, re-sealing under the newest key. Adapters call {@link #open} (lazy:
 * the store is read on the session's first use) or {@link #load} (eager) when a request arrives, and
 * {@link #commit} before its response is committed; loading and committing are asynchronous so
 * event-loop servers never block on a store.
 *
 * <p>Per request it does no store I/O at all when the request never uses a lazy session, else at
 * most one store read, and at most one write (or one touch). An existing session is written as a
 * patch of what the request changed, which the store applies atomically ({@link
 * SessionStore#update}): requests of one session racing each other queue in the store and keep
 * each other's changes, with no read-back and no retry.
 *
 * <p>This class only wires the parts together (the module README, "Inside the engine"): the {@link
 * IdTransport} reads and writes the cookie or id header, the {@link SessionLoader} finds the
 * session, the {@link CommitPlanner} decides what its commit does, {@link CookieModeCommit} or
 * {@link StoreModeCommit} (with the {@link StoreWriter}) carries that out, the {@link ExpiryPolicy}
 * does the time arithmetic and {@link StoreCalls} bounds and interprets every store call.
 */
public final class SessionManager implements AutoCloseable {
  private static final System.Logger TRACE_LOG = System.getLogger("io.sessions4j.core.SessionTrace");
  private final SessionConfig config;
  private final AttributeCodec codec;
  private final SessionStore store;
  /** Whether {@link #store} is the memory store this engine made because the configuration named none. */
  private final boolean ownsStore;
  private final ExpiryPolicy expiry;
  private final StoreCalls calls;
  private final SessionEvents events;
  private final SessionLoader loader;
  private final CookieModeCommit cookieCommit;
  private final StoreModeCommit storeCommit;
  private final CommitPlanner planner;
  /** {@code migrateFrom}: the legacy Node sessions this engine imports; null when not migrating. */
  private final LegacySessions legacy;

  private SessionManager(SessionConfig config) {
    StartupChecks.warnAbout(config);
    this.config = config;
    this.codec = new AttributeCodec(config.attributeTypes());
    this.ownsStore = config.mode() == SessionMode.STORE && config.store() == null;
    this.store = ownsStore ? MemoryStore.builder().clock(config.clock()).build() : config.store();
    this.expiry = new ExpiryPolicy(config);
    this.events = new SessionEvents(config.listeners());
    // no breaker in front of a memory store: it cannot fail
    boolean breaker = config.storeBreaker() && store != null && !(store instanceof MemoryStore);
    this.calls = new StoreCalls(config, breaker ? new StoreBreaker(config, events) : null,
        store != null && !(store instanceof MemoryStore), events);
    IdTransport transport = IdTransport.of(config);
    this.planner = new CommitPlanner(config, expiry);
    // records of a store that shares them decode once (see DecodedDocuments); null for other stores
    DecodedDocuments decoded = SharedRecordData.sharedBy(store) ? new DecodedDocuments(codec) : null;
    this.legacy = config.legacy() == null ? null : new LegacySessions(config, codec);
    this.loader = new SessionLoader(this, store, transport, calls, events, expiry, decoded, legacy);
    if (config.mode() == SessionMode.COOKIE) {
      this.cookieCommit = new CookieModeCommit(config, planner, expiry, transport, codec, events);
      this.storeCommit = null;
    } else {
      this.cookieCommit = null;
      this.storeCommit = new StoreModeCommit(config, planner, expiry, transport,
          new StoreWriter(config, store, codec, calls, expiry, events, decoded), calls);
    }
    if (store != null && !events.isEmpty()) {
      store.setExpiryListener(events::expired);
    }
  }

  /** An engine for {@code config}. Create one per configuration and share it across requests. */
  public static SessionManager create(SessionConfig config) {
    return new SessionManager(config);
  }

  /** The configuration this engine applies. */
  public SessionConfig config() {
    return config;
  }

  /**
   * Adds a listener told about this engine's session events from now on, next to the configured
   * ones ({@link SessionConfig.Builder#listener}): for an adapter that bridges them to its
   * framework's own listeners on an engine it was handed. Store mode only reports events.
   */
  public void addListener(SessionListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (events) {
      boolean first = events.isEmpty();
      events.add(listener);
      if (first && store != null) {
        store.setExpiryListener(events::expired);
      }
    }
  }

  /** Removes a listener added with {@link #addListener}; it is told nothing more. */
  public void removeListener(SessionListener listener) {
    events.remove(listener);
  }

  // ---- load -----------------------------------------------------------------------------------

  /**
   * The session of a request: the one its cookie (or id header) names when that is authentic,
   * unexpired and (in store mode) present in the store; otherwise a new, empty one. Client input
   * never makes this fail. It fails with {@link SessionUnavailableException} only when the store
   * fails and the policy is {@link StoreFailurePolicy#FAIL}.
   *
   * <p>Never throws: every failure comes as the failed stage, so adapters need no try around it.
   */
  public CompletionStage<Session> load(HttpExchange exchange) {
    Instant now;
    try {
      now = now();
    } catch (RuntimeException clockFailed) {
      return CompletableFuture.failedFuture(clockFailed);
    }
    return loader.load(exchange, now);
  }

  /**
   * The session of a request without any I/O: lazy loading. In store mode the presented id is
   * checked now (signature and form, no I/O) and the store is read only when the request first uses
   * the session — any {@link Session} method, or {@link Session#loaded()}. A session the request
   * never used is committed as nothing: no store read, write or touch, no Set-Cookie (so it neither
   * slides the idle timeout nor re-sends a rolling cookie). In cookie mode the session is decoded
   * from its cookie at once, exactly as {@link #load} does (there is no store to spare).
   *
   * <p>A first use that is synchronous waits for the store read (at most {@code storeTimeout} per
   * store call) when {@code mayWait} answers true on the calling thread; when it answers false (an
   * event loop), the use succeeds only if the read is already complete — the memory store answers
   * at once — and otherwise throws {@link IllegalStateException}: call {@link Session#loaded()}
   * there. A read that fails under {@link StoreFailurePolicy#FAIL} throws {@link
   * SessionUnavailableException} from the first use (or fails {@code loaded()}), and the {@link
   * #commit} of the session fails with it, so the adapter answers 503.
   *
   * @param mayWait whether the current thread may wait for the store; asked at the first use
   */
  public Session open(HttpExchange exchange, BooleanSupplier mayWait) {
    Objects.requireNonNull(mayWait, "mayWait");
    return loader.open(exchange, mayWait, now());
  }

  /** {@link #open(HttpExchange, BooleanSupplier)} for thread-per-request servers: a first use may wait. */
  public Session open(HttpExchange exchange) {
    return open(exchange, () -> true);
  }

  /**
   * The id the request presented and the store confirmed, as it was when the session was loaded
   * (before any {@link Session#regenerate()} or {@link Session#changeId()} of this request); null
   * when the request got a new session, and always in cookie mode. Loads a lazy session.
   */
  public String requestedId(Session session) {
    DefaultSession s = session instanceof LazySession lazy ? lazy.session() : (DefaultSession) session;
    return s.loadedId();
  }

  /**
   * {@code exchange} with the session it presents hidden: the request headers this engine reads a
   * session from ({@code Cookie}, and the id header when one is configured) read as absent, so
   * loading through it gives a brand-new session — how a servlet request gets a new session after
   * {@code HttpSession.invalidate()}. Responses still go to {@code exchange}.
   */
  public HttpExchange withoutPresentedSession(HttpExchange exchange) {
    // the headers the id transport reads
    List<String> read = config.idHeader() == null ? List.of("Cookie") : List.of("Cookie", config.idHeader());
    return ForwardingExchange.hidingRequestHeaders(exchange, read);
  }

  // ---- commit ---------------------------------------------------------------------------------

  /**
   * Commits the request's session: call it before the response is committed. Writes, touches or
   * destroys in the store as needed and sets the cookie (or id header) when one is due. With
   * auto-commit off it does nothing: only {@link Session#save()} persists.
   *
   * <p>{@code exchange} must be the one the session was opened (or loaded) with: the session keeps
   * it, so that {@link Session#save()} can set the cookie mid-request, and the commit writes to it.
   * Another exchange fails the commit with {@link IllegalArgumentException}.
   *
   * <p>Never throws: every failure (a hook that threw included) comes as the failed stage, so
   * adapters need no try around it.
   *
   * @return a stage failing with {@link SessionUnavailableException} (store failure, policy FAIL) or
   *     {@link SessionTooLargeException} (cookie overflow, policy FAIL)
   */
  public CompletionStage<Void> commit(HttpExchange exchange, Session session) {
    SessionTrace trace = config.trace() ? SessionTrace.of(session) : null;
    if (trace == null) {
      return commitRequest(exchange, session);
    }
    if (!config.autoCommit()) {
      trace.skipped(SessionTrace.Reason.AUTO_COMMIT_OFF);
    } else if (session instanceof LazySession lazy && lazy.started() == null) {
      trace.skipped(SessionTrace.Reason.NOT_USED);
    }
    return commitRequest(exchange, session).whenComplete((v, failure) -> traced(exchange, trace, failure));
  }

  /** The end of a traced request: its trace as one DEBUG line, and in a response header when configured. */
  private void traced(HttpExchange exchange, SessionTrace trace, Throwable failure) {
    trace.ended(failure);
    if (config.traceHeader() && !exchange.isResponseCommitted()) {
      exchange.setResponseHeaders(SessionTrace.HEADER, List.of(trace.headerValue()));
    }
    TRACE_LOG.log(System.Logger.Level.DEBUG, () -> "session trace: " + trace.summary());
  }

  private CompletionStage<Void> commitRequest(HttpExchange exchange, Session session) {
    if (session instanceof LazySession lazy) {
      if (lazy.exchange() != exchange) {
        return CompletableFuture.failedFuture(notItsExchange());
      }
      if (!config.autoCommit()) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<DefaultSession> read = lazy.started();
      if (read == null) {
        return CompletableFuture.completedFuture(null); // never used by this request: nothing at all
      }
      // a read that failed (policy FAIL) fails the commit too: the adapter answers 503
      return read.thenCompose(this::commitNow);
    }
    if (!(session instanceof DefaultSession s)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "not a session of a SessionManager: " + (session == null ? "null" : session.getClass().getName())));
    }
    if (s.exchange() != exchange) {
      return CompletableFuture.failedFuture(notItsExchange());
    }
    return config.autoCommit() ? commitNow(s) : CompletableFuture.completedFuture(null);
  }

  private static IllegalArgumentException notItsExchange() {
    return new IllegalArgumentException(
        "commit(exchange, session) needs the exchange the session was opened with (the session writes its cookie there)");
  }

  /** Commits {@code s} now (the end of its request, or {@link Session#save()}). */
  CompletionStage<Void> commitNow(DefaultSession s) {
    SessionTrace trace = s.trace();
    if (trace != null) {
      trace.commitStarted();
    }
    CompletionStage<Void> done;
    try {
      Instant now = now();
      done = cookieCommit != null ? cookieCommit.commit(s, now) : storeCommit.commit(s, now);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    if (legacy != null) {
      done = done.thenCompose(v -> retireLegacy(s));
    }
    if (trace != null) {
      done = done.whenComplete((v, failure) -> trace.commitFinished(failure));
    }
    return done;
  }

  /**
   * {@code migrateFrom}, after a commit of {@code s} that succeeded: a legacy cookie beside the
   * request's own session is cleared; an imported session, once written in our format (or
   * destroyed), retires its legacy session — cookie cleared, record deleted. An import not written
   * (nothing to write yet, a store failure under CONTINUE, a cookie over its size) keeps the legacy
   * session for a later request.
   */
  private CompletionStage<Void> retireLegacy(DefaultSession s) {
    if (!s.importPending()) {
      if (s.legacyCookieToClear()) {
        legacy.clearCookie(s.exchange());
        s.legacyRetired();
        SessionTrace.migration(s, "the request's own session wins; legacy cookie " + legacy.describe() + " cleared");
      }
      return CompletableFuture.completedFuture(null);
    }
    if (s.isNew() && !s.isDestroyed()) {
      SessionTrace.migration(s, "not written in sessions4j's format yet, so the legacy session is kept for a later request");
      return CompletableFuture.completedFuture(null);
    }
    boolean written = !s.isDestroyed();
    String legacyId = s.legacyId();
    s.legacyRetired();
    return legacy.retire(s.exchange(), legacyId).thenAccept(deleted -> {
      if (written) {
        events.imported(s.isInStore() ? s.idIfAssigned() : null, legacy.packageName());
      }
      SessionTrace.migration(s, (written ? "session imported from " : "imported session destroyed before it was written; ")
          + legacy.describe() + "; legacy cookie cleared"
          + (legacyId == null ? "" : deleted ? ", legacy record destroyed" : ", legacy record NOT destroyed (see the log)"));
    });
  }

  /** The commit {@code s}'s current state leads to (the trace's "planned" line); no I/O, no change. */
  CommitPlan plan(DefaultSession s) {
    return cookieCommit != null ? planner.cookie(s.facts(), now()) : planner.store(s.facts(), now());
  }

  /** {@link Session#reload()}: the session as stored (store mode) or as last loaded or written (cookie mode). */
  CompletionStage<Void> reload(DefaultSession s) {
    return loader.reload(s, now());
  }

  // ---- administration -------------------------------------------------------------------------

  /**
   * Ids of the live sessions whose principal attribute is {@code principal}.
   *
   * @throws UnsupportedOperationException when the store is no {@link PrincipalIndex}
   */
  public CompletionStage<List<String>> findSessionIds(String principal) {
    requireStore();
    return calls.call(null, StoreOperation.FIND, () -> PrincipalIndex.of(store).findByPrincipal(principal))
        .thenApply(list -> list.stream().map(StoredSession::id).toList());
  }

  /**
   * The live sessions whose principal attribute names {@code principal}: id, created, last access
   * and expiry of each (e.g. for concurrent-session control, or to show a user their sessions), and
   * with {@code clientHints} on the User-Agent and client address that created it (each session's
   * document is decoded for them).
   *
   * @throws UnsupportedOperationException when the store is no {@link PrincipalIndex}
   */
  public CompletionStage<List<SessionSummary>> findSessions(String principal) {
    requireStore();
    boolean hints = config.clientHints();
    return calls.call(null, StoreOperation.FIND, () -> PrincipalIndex.of(store).findByPrincipal(principal))
        .thenApply(list -> list.stream()
            .map(record -> hints ? SessionSummary.withHints(record, codec) : SessionSummary.of(record)).toList());
  }

  /** Ends a session by id (e.g. all sessions of a user after a password change). */
  public CompletionStage<Void> destroy(String id) {
    requireStore();
    return calls.call(null, StoreOperation.DESTROY, () -> store.destroy(id)).thenRun(() -> events.destroyed(id));
  }

  /**
   * Ends the session of {@code principal} whose {@linkplain SessionSummary#handle() handle} is
   * {@code handle} — how an admin endpoint or tool ends one session without ever seeing its id. The
   * handle counts only among that principal's sessions.
   *
   * @return true when the session was found and ended; false when none of the principal's live
   *     sessions has that handle
   * @throws UnsupportedOperationException when the store is no {@link PrincipalIndex}
   */
  public CompletionStage<Boolean> destroySession(String principal, String handle) {
    Objects.requireNonNull(handle, "handle");
    return findSessions(principal).thenCompose(sessions -> {
      for (SessionSummary session : sessions) {
        if (session.handle().equals(handle)) {
          return destroy(session.id()).thenApply(ended -> true);
        }
      }
      return CompletableFuture.completedFuture(false);
    });
  }

  /**
   * Ends every live session of {@code principal} ("log this user out everywhere", e.g. after a
   * password change). Each client is logged out on its next request.
   *
   * @return how many sessions were ended
   * @throws UnsupportedOperationException when the store is no {@link PrincipalIndex}
   */
  public CompletionStage<Integer> destroyAll(String principal) {
    return findSessionIds(principal).thenCompose(ids -> {
      CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
      for (String id : ids) {
        chain = chain.thenCompose(v -> destroy(id));
      }
      return chain.thenApply(v -> ids.size());
    });
  }

  /**
   * The number of live sessions in the store. On the memory store this is cheap; on JDBC and Redis
   * it costs time proportional to the sessions stored (a count query, a key scan): for an operator,
   * not for every request.
   *
   * @throws UnsupportedOperationException when the store offers no {@link StoreAdministration}
   */
  public CompletionStage<Long> countSessions() {
    requireStore();
    StoreAdministration admin = StoreAdministration.of(store);
    return calls.call(null, StoreOperation.COUNT, admin::length);
  }

  /** The store this engine uses (the memory store it made when none was configured); null in cookie mode. */
  public SessionStore store() {
    return store;
  }

  private void requireStore() {
    if (store == null) {
      throw new IllegalStateException("cookie-mode sessions have no server-side identity to look up");
    }
  }

  /** Closes the store if this engine created it (the default memory store). */
  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }

  // ---- for the engine's parts -----------------------------------------------------------------

  /** A new request's store time ({@code storeTimeout} for all its store calls). */
  StoreBudget newStoreBudget() {
    return calls.newBudget();
  }

  AttributeCodec codec() {
    return codec;
  }

  ExpiryPolicy expiryPolicy() {
    return expiry;
  }

  Instant now() {
    return config.clock().instant();
  }

  String newId() {
    String id = config.idGenerator().generate();
    if (!SessionIds.isWellFormed(id)) {
      throw new IllegalStateException("idGenerator produced an id that is not 16-256 characters of [A-Za-z0-9._~-]");
    }
    return id;
  }
}
