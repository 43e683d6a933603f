package io.sessions4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CookieSealer;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.http.CookieHeader;
import io.sessions4j.core.http.ForwardingExchange;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.http.SetCookie;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
public final class SessionManager implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");
  private static final Instant LATEST = StoredSession.LATEST;
  /** Cookies or headers beyond this many candidates are ignored (duplicated-cookie floods). */
  private static final int MAX_CANDIDATES = 3;
  private static final String SET_COOKIE = "Set-Cookie";

  private final SessionConfig config;
  private final AttributeCodec codec;
  private final CookieSealer sealer;
  private final SessionStore store;
  /** Whether {@link #store} is the memory store this engine made because the configuration named none. */
  private final boolean ownsStore;
  /**
   * Id tokens (cookie or header values) whose MAC this engine verified, and the id each carries:
   * a browser sends the same token on every request, and checking it again costs an HMAC-SHA256.
   * Exact token text only, compared in constant time ({@link #sameToken}); the key ring never
   * changes during the engine's life, so a token verified once stays valid for it. (Store mode
   * does not re-sign id cookies made with an older key; if it ever does, cache that flag too.)
   */
  private final DirectMappedCache<String, String> verifiedIds =
      new DirectMappedCache<>(2048, String::hashCode, SessionManager::sameToken);
  /**
   * The id token of recently sent or verified ids under the current key, so that re-sending a
   * session's cookie (after a change, or rolling) signs nothing. Keyed by ids the engine trusts
   * (verified or generated), so plain equality.
   */
  private final DirectMappedCache<String, String> sealedIds =
      new DirectMappedCache<>(2048, String::hashCode, String::equals);
  /** Records of a store that shares them decode once (see DecodedDocuments); null for other stores. */
  private final DecodedDocuments decodedDocuments;
  /** The session cookie without and with Secure, value empty: each response's cookie copies one. */
  private final SetCookie.Builder plainCookie;
  private final SetCookie.Builder secureCookie;

  private SessionManager(SessionConfig config) {
    this.config = config;
    this.codec = new AttributeCodec(config.allowedTypes());
    if (config.keys() == null) {
      this.sealer = null;
    } else if (config.mode() == SessionMode.COOKIE && config.cookieProtection() == CookieProtection.ENCRYPTED) {
      this.sealer = CookieSealer.encrypted(config.keys(), config.compressAbove());
    } else {
      this.sealer = CookieSealer.signed(config.keys(), config.compressAbove());
    }
    this.ownsStore = config.mode() == SessionMode.STORE && config.store() == null;
    this.store = ownsStore ? MemoryStore.builder().clock(config.clock()).build() : config.store();
    this.decodedDocuments = SharedRecordData.sharedBy(store) ? new DecodedDocuments(codec) : null;
    this.plainCookie = cookieTemplate(false);
    this.secureCookie = cookieTemplate(true);
    if (store != null && !config.listeners().isEmpty()) {
      store.setExpiryListener(id -> notify(l -> l.expired(id)));
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

  AttributeCodec codec() {
    return codec;
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
    try {
      if (config.mode() == SessionMode.COOKIE) {
        return CompletableFuture.completedFuture(cookieSession(exchange, now));
      }
      List<String> presented = presentedTokens(exchange);
      return lookup(exchange, verifiedIds(presented), 0, !presented.isEmpty(), now);
    } catch (RuntimeException e) {
      // defensive: client input must never fail a request
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      return CompletableFuture.completedFuture(fresh(exchange, true, now));
    }
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
    Instant now = now();
    if (config.mode() == SessionMode.COOKIE) {
      return cookieSession(exchange, now);
    }
    List<String> ids;
    boolean clientSentId;
    try {
      List<String> presented = presentedTokens(exchange);
      ids = verifiedIds(presented);
      clientSentId = !presented.isEmpty();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      ids = List.of();
      clientSentId = true;
    }
    List<String> candidates = ids;
    boolean sent = clientSentId;
    return new LazySession(() -> lookup(exchange, candidates, 0, sent, now()), mayWait);
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
    return s.loadedId;
  }

  /**
   * {@code exchange} with the session it presents hidden: the request headers this engine reads a
   * session from ({@code Cookie}, and the id header when one is configured) read as absent, so
   * loading through it gives a brand-new session — how a servlet request gets a new session after
   * {@code HttpSession.invalidate()}. Responses still go to {@code exchange}.
   */
  public HttpExchange withoutPresentedSession(HttpExchange exchange) {
    // the headers presentedTokens() and loadFromCookie() read
    List<String> read = config.idHeader() == null ? List.of("Cookie") : List.of("Cookie", config.idHeader());
    return ForwardingExchange.hidingRequestHeaders(exchange, read);
  }

  private DefaultSession fresh(HttpExchange exchange, boolean clientSentId, Instant now) {
    return new DefaultSession(this, exchange, null, null, null, clientSentId, now);
  }

  /** The distinct ids carried by the authentic, well-formed tokens, in order (no I/O). */
  private List<String> verifiedIds(List<String> presented) {
    List<String> ids = new ArrayList<>(presented.size());
    for (String token : presented) {
      String id = unsealId(token);
      if (id != null && !ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Raw session tokens the client presented: the id header first, then cookies; at most a few. */
  private List<String> presentedTokens(HttpExchange exchange) {
    List<String> tokens = new ArrayList<>(2);
    if (config.idHeader() != null) {
      String header = exchange.requestHeader(config.idHeader());
      if (header != null && !header.isBlank()) {
        tokens.add(header.trim());
      }
    }
    if (config.idCookie()) {
      for (String value : CookieHeader.values(exchange.requestHeaders("Cookie"), config.cookieName())) {
        if (tokens.size() >= MAX_CANDIDATES) {
          break;
        }
        tokens.add(value);
      }
    }
    return tokens;
  }

  private String unsealId(String token) {
    if (sealer == null) {
      return SessionIds.isWellFormed(token) ? token : null;
    }
    String id = verifiedIds.get(token);
    if (id != null) {
      return id;
    }
    CookieSealer.Opened opened = sealer.open(config.cookieName(), token);
    id = opened == null ? null : new String(opened.payload(), StandardCharsets.UTF_8);
    if (!SessionIds.isWellFormed(id)) {
      return null;
    }
    verifiedIds.put(token, id);
    if (!opened.sealedWithOlderKey()) {
      sealedIds.put(id, token); // what sealing this id now would give: re-sending it signs nothing
    }
    return id;
  }

  /** The id token for {@code id} under the current key (signing is deterministic: remembered). */
  private String sealedId(String id) {
    String token = sealedIds.get(id);
    if (token == null) {
      token = sealer.seal(config.cookieName(), id.getBytes(StandardCharsets.UTF_8));
      sealedIds.put(id, token);
      verifiedIds.put(token, id);
    }
    return token;
  }

  /**
   * Equality of a verified token and a presented one in time that depends only on their lengths,
   * so that a forged token learns nothing from how long the comparison with a cached one took
   * (which {@link String#equals} would tell, character by character).
   */
  static boolean sameToken(String verified, String presented) {
    if (verified.length() != presented.length()) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < verified.length(); i++) {
      difference |= verified.charAt(i) ^ presented.charAt(i);
    }
    return difference == 0;
  }

  private CompletionStage<Session> lookup(HttpExchange exchange, List<String> ids, int index,
      boolean clientSentId, Instant now) {
    if (index >= ids.size()) {
      return CompletableFuture.completedFuture(fresh(exchange, clientSentId, now));
    }
    String id = ids.get(index);
    return timed(store.get(id)).handle((found, failure) -> {
      if (failure != null) {
        return CompletableFuture.<Session>completedFuture(onLoadFailure(exchange, id, failure, now));
      }
      if (found.isPresent() && !found.get().isExpired(now) && !pastAbsoluteDeadline(found.get().createdAt(), now)) {
        DefaultSession loaded = fromRecord(exchange, found.get(), now);
        if (loaded != null) {
          return CompletableFuture.<Session>completedFuture(loaded);
        }
      }
      return lookup(exchange, ids, index + 1, clientSentId, now);
    }).thenCompose(stage -> stage);
  }

  private DefaultSession fromRecord(HttpExchange exchange, StoredSession record, Instant now) {
    SessionDocument doc;
    try {
      doc = decodeRecord(record);
    } catch (CorruptSessionException e) {
      LOG.log(Level.WARNING, "stored session " + SessionIds.redact(record.id())
          + " is corrupt and is ignored (" + e.getMessage() + "); the request gets a fresh session");
      return null;
    }
    DefaultSession session = new DefaultSession(this, exchange, record.id(), record, doc, true, now);
    return validated(session);
  }

  /** A stored record's document (decoded once per record version for the memory store). */
  private SessionDocument decodeRecord(StoredSession record) {
    return decodedDocuments != null ? decodedDocuments.decode(record) : codec.decode(record.data());
  }

  private DefaultSession validated(DefaultSession session) {
    try {
      if (config.validator().test(session)) {
        return session;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "session validate hook threw; treating the session as invalid: " + e);
    }
    return null;
  }

  private DefaultSession onLoadFailure(HttpExchange exchange, String id, Throwable failure, Instant now) {
    Throwable cause = unwrap(failure);
    if (config.storeFailurePolicy() == StoreFailurePolicy.FAIL) {
      LOG.log(Level.ERROR, "session store failed to load session " + SessionIds.redact(id)
          + "; answering 503 (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store unavailable: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(Level.WARNING, "session store failed to load session " + SessionIds.redact(id)
        + "; continuing with a fresh session (storeFailurePolicy=CONTINUE): " + cause);
    return fresh(exchange, true, now);
  }

  private DefaultSession cookieSession(HttpExchange exchange, Instant now) {
    try {
      return loadFromCookie(exchange, now);
    } catch (RuntimeException e) {
      // defensive: client input must never fail a request
      LOG.log(Level.WARNING, "session could not be read from the request; starting a fresh one: " + e);
      return fresh(exchange, true, now);
    }
  }

  private DefaultSession loadFromCookie(HttpExchange exchange, Instant now) {
    List<String> values = CookieHeader.values(exchange.requestHeaders("Cookie"), config.cookieName());
    int tried = 0;
    for (String value : values) {
      if (tried++ >= MAX_CANDIDATES) {
        break;
      }
      CookieSealer.Opened opened = sealer.open(config.cookieName(), value);
      if (opened == null) {
        continue;
      }
      SessionDocument doc;
      try {
        doc = codec.decode(opened.payload());
      } catch (CorruptSessionException e) {
        LOG.log(Level.DEBUG, "authentic session cookie holds an unreadable payload; ignored");
        continue;
      }
      if (doc.createdAt() < 0 || doc.expiresAt() < 0 || doc.expiresAt() <= now.toEpochMilli()
          || pastAbsoluteDeadline(Instant.ofEpochMilli(doc.createdAt()), now)) {
        continue;
      }
      DefaultSession session = validated(new DefaultSession(this, exchange, null, null, doc, true, now));
      if (session != null) {
        session.sealedWithOlderKey = opened.sealedWithOlderKey();
        return session;
      }
    }
    return fresh(exchange, !values.isEmpty(), now);
  }

  // ---- commit ---------------------------------------------------------------------------------

  /**
   * Commits the request's session: call it before the response is committed. Writes, touches or
   * destroys in the store as needed and sets the cookie (or id header) when one is due. With
   * auto-commit off it does nothing: only {@link Session#save()} persists.
   *
   * <p>{@code exchange} must be the one the session was loaded with: the session keeps it, so that
   * {@link Session#save()} can set the cookie mid-request, and the commit writes to it.
   *
   * <p>Never throws: every failure (a hook that threw included) comes as the failed stage, so
   * adapters need no try around it.
   *
   * @return a stage failing with {@link SessionUnavailableException} (store failure, policy FAIL) or
   *     {@link SessionTooLargeException} (cookie overflow, policy FAIL)
   */
  public CompletionStage<Void> commit(HttpExchange exchange, Session session) {
    if (!config.autoCommit()) {
      return CompletableFuture.completedFuture(null);
    }
    if (session instanceof LazySession lazy) {
      CompletableFuture<DefaultSession> read = lazy.started();
      if (read == null) {
        return CompletableFuture.completedFuture(null); // never used by this request: nothing at all
      }
      // a read that failed (policy FAIL) fails the commit too: the adapter answers 503
      return read.thenCompose(this::commitNow);
    }
    if (!(session instanceof DefaultSession loaded)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "not a session of a SessionManager: " + (session == null ? "null" : session.getClass().getName())));
    }
    return commitNow(loaded);
  }

  CompletionStage<Void> commitNow(DefaultSession s) {
    Instant now;
    try {
      now = now();
    } catch (RuntimeException clockFailed) {
      s.explicitSave = false;
      return CompletableFuture.failedFuture(clockFailed);
    }
    try {
      if (s.unsetKeep) {
        return CompletableFuture.completedFuture(null);
      }
      return config.mode() == SessionMode.COOKIE ? commitCookie(s, now) : commitStore(s, now);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      s.explicitSave = false;
    }
  }

  private CompletionStage<Void> commitCookie(DefaultSession s, Instant now) {
    if (s.destroyed) {
      if (s.clientSentId) {
        clearCookie(s.exchange);
      }
      return CompletableFuture.completedFuture(null);
    }
    boolean attributesChanged = s.attributesChanged();
    boolean clientHoldsASession = s.original() != null;
    if (clientHoldsASession && !s.isPopulated() && attributesChanged && !config.saveUninitialized()) {
      // emptied or regenerated to nothing: the client's cookie must not keep the old data
      clearCookie(s.exchange);
      s.markCommitted(emptyDocument(), 0);
      return CompletableFuture.completedFuture(null);
    }
    boolean write;
    if (s.isNew()) {
      write = s.isPopulated() || config.saveUninitialized() || s.explicitSave;
    } else {
      write = attributesChanged || s.maxAgeChanged() || config.rolling() || s.sealedWithOlderKey
          || s.touchRequested || s.explicitSave || renewDue(s, now) || idleSlideDue(s, now);
    }
    if (!write) {
      return CompletableFuture.completedFuture(null);
    }
    runBeforeSave(s);
    Instant expiry = expiryFor(s, now);
    Instant cookieExpiry = cookieExpiryFor(s, now);
    SessionDocument doc = new SessionDocument(s.trees(), s.types(), s.maxAgeMillisToStore(),
        s.createdAt.toEpochMilli(), now.toEpochMilli(), expiry.toEpochMilli(),
        cookieExpiry == null ? SessionDocument.UNSET : cookieExpiry.toEpochMilli());
    String sealed = sealer.seal(config.cookieName(), codec.encode(doc));
    String header = sessionCookie(s.exchange, sealed, now, cookieExpiry);
    if (header != null && header.length() > config.maxCookieSize()) {
      String problem = "the session cookie would be " + header.length() + " bytes, over maxCookieSize "
          + config.maxCookieSize() + " (browsers drop larger cookies); store less in the session, "
          + "set compressAbove, or use mode=STORE";
      if (config.cookieOverflow() == CookieOverflow.FAIL) {
        throw new SessionTooLargeException(problem);
      }
      LOG.log(Level.WARNING, problem + "; the cookie was not updated (cookieOverflow=KEEP_PREVIOUS)");
      return CompletableFuture.completedFuture(null);
    }
    if (header != null) {
      setCookieHeader(s.exchange, header);
    }
    s.sealedWithOlderKey = false;
    s.lastAccessedAt = now;
    s.expiresAt = expiry;
    s.cookieExpiresAt = doc.cookieExpiresAt();
    s.markCommitted(doc, 0);
    return CompletableFuture.completedFuture(null);
  }

  private SessionDocument emptyDocument() {
    return new SessionDocument(Map.of(), Map.of(), SessionDocument.UNSET, SessionDocument.UNSET,
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET);
  }

  private CompletionStage<Void> commitStore(DefaultSession s, Instant now) {
    if (s.destroyed) {
      return destroyInStore(s);
    }
    CompletionStage<Boolean> claimed = s.claimId == null
        ? CompletableFuture.completedFuture(true) : claimRetiredId(s);
    return claimed.thenCompose(ok -> {
      if (!ok) {
        // another request retired or destroyed this session first: this one must not revive it
        LOG.log(Level.DEBUG, "session " + SessionIds.redact(s.claimId) + " was retired concurrently; not saved");
        s.retiredIds.clear();
        return CompletableFuture.completedFuture(null);
      }
      s.claimId = null;
      return persist(s, now);
    }).handle((v, failure) -> {
      if (failure != null) {
        onSaveFailure(s, failure);
      }
      s.sealedWithOlderKey = false;
      return null;
    });
  }

  /** Writes, touches or leaves the record as the session's state requires, then sends the id if due. */
  private CompletionStage<Void> persist(DefaultSession s, Instant now) {
    boolean isNewRecord = s.version == StoredSession.NEW;
    boolean attributesChanged = s.attributesChanged();
    boolean renew = renewDue(s, now);
    boolean write;
    if (isNewRecord) {
      // a new session, or a regenerated / id-changed one, which must live under its new id
      boolean carriesData = s.isPopulated() || !s.retiredIds.isEmpty() && !s.isNew();
      write = carriesData || config.saveUninitialized() || s.explicitSave;
    } else {
      write = attributesChanged || s.maxAgeChanged() || config.resave() || s.explicitSave || renew;
    }
    CompletionStage<Boolean> persisted;
    if (write) {
      runBeforeSave(s);
      persisted = writeRecord(s, now, renew || isNewRecord || config.rolling()
          || attributesChanged || s.maxAgeChanged());
    } else if (!isNewRecord && (s.touchRequested || touchDue(s, now))) {
      Instant expiry = expiryFor(s, now);
      persisted = timed(store.touch(s.idIfAssigned(), now, expiry)).thenApply(touched -> {
        if (touched) {
          s.lastAccessedAt = now;
          s.expiresAt = expiry;
          s.touchRequested = false;
        }
        return touched;
      });
    } else {
      persisted = CompletableFuture.completedFuture(!isNewRecord);
    }
    boolean wrote = write;
    return persisted.thenCompose(live -> retire(s).thenApply(ignored -> live)).thenAccept(live -> {
      if (live && shouldSendId(s, wrote, isNewRecord, attributesChanged, renew)) {
        sendId(s, now);
      }
    });
  }

  /**
   * Takes the id being retired by regenerate / change-id out of the store, atomically: of two
   * requests retiring one id at once exactly one gets the record, so a session never ends up with
   * two live ids, and writers still in flight on the old id find nothing to patch. Change-id keeps
   * the data: the taken record (with whatever other requests wrote meanwhile) plus this request's
   * own changes moves to the new id.
   *
   * @return false when the session was destroyed or retired by another request meanwhile
   */
  private CompletionStage<Boolean> claimRetiredId(DefaultSession s) {
    long versionRead = s.claimVersion;
    return timed(store.take(s.claimId)).thenApply(taken -> {
      if (taken.isEmpty()) {
        return false;
      }
      if (!s.isNew() && taken.get().version() != versionRead) {
        // change-id keeps the data: take concurrent writers' changes along to the new id
        Instant now = now();
        SessionPatch ours = patchOf(s, s.claimId, now, now).build();
        s.maxAgeChangedBeforeCommit = s.maxAgeChanged();
        try {
          s.adopt(ours.applyTo(codec.decode(taken.get().data())));
        } catch (CorruptSessionException e) {
          LOG.log(Level.WARNING, "stored session " + SessionIds.redact(s.claimId)
              + " is corrupt; its new id keeps only this request's data");
        }
      }
      return true;
    });
  }

  private boolean shouldSendId(DefaultSession s, boolean wrote, boolean idChanged,
      boolean attributesChanged, boolean renew) {
    if (idChanged) {
      return wrote;
    }
    boolean cookieHasExpiry = s.effectiveMaxAge() != null;
    return config.rolling() || renew || s.sealedWithOlderKey
        || (cookieHasExpiry && wrote && (attributesChanged || s.maxAgeChangedBeforeCommit));
  }

  /**
   * Writes the session record: a new one is created (it must not exist yet); an existing one is
   * patched with this request's changes, which the store applies atomically to the record as it
   * stands, so concurrent requests queue instead of retrying and keep each other's changes.
   *
   * @return false when the session was destroyed or retired by another request meanwhile
   */
  private CompletionStage<Boolean> writeRecord(DefaultSession s, Instant now, boolean issuingCookie) {
    Instant expiry = expiryFor(s, now);
    Instant cookieExpiry = cookieExpiryFor(s, now);
    long cookieExpiresAt = config.renewBelow() > 0 && issuingCookie && cookieExpiry != null
        ? cookieExpiry.toEpochMilli() : s.cookieExpiresAt;
    SessionDocument doc = new SessionDocument(s.trees(), s.types(), s.maxAgeMillisToStore(),
        SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET, cookieExpiresAt);
    s.maxAgeChangedBeforeCommit = s.maxAgeChanged();
    String id = s.id();
    CompletionStage<Long> written;
    if (s.version == StoredSession.NEW) {
      long version = 1;
      StoredSession record = new StoredSession(id, codec.encode(doc), s.createdAt, now, expiry, version,
          principalOf(doc));
      written = timed(store.save(record, StoredSession.NEW)).thenApply(created -> {
        if (!created) {
          // another session already holds this id: only a broken custom idGenerator gets here
          throw new SessionStoreException("new session id collided with an existing session; check idGenerator");
        }
        notify(l -> l.created(id));
        s.baseVersion = version;
        return version;
      });
    } else {
      byte[][] encoded = new byte[1][];
      SessionPatch patch = patchOf(s, id, now, expiry).cookieExpiresAt(cookieExpiresAt)
          .base(s.baseVersion, () -> encoded[0] = codec.encode(doc)).build();
      long base = s.baseVersion;
      written = timed(store.update(patch)).thenApply(version -> {
        // the store now holds exactly this session's state only if no other patch came between
        boolean ours = base != StoredSession.NEW && version == base + 1;
        s.baseVersion = ours ? version : StoredSession.NEW;
        if (ours && decodedDocuments != null && encoded[0] != null) {
          decodedDocuments.remember(id, encoded[0], doc); // the next request need not decode it
        }
        return version;
      });
    }
    return written.thenApply(version -> {
      if (version == StoredSession.NEW) {
        // destroyed or regenerated by a concurrent request: never bring it back
        LOG.log(Level.DEBUG, "session " + SessionIds.redact(id) + " was destroyed concurrently; not saved");
        return false;
      }
      s.lastAccessedAt = now;
      s.expiresAt = expiry;
      s.cookieExpiresAt = doc.cookieExpiresAt();
      s.markCommitted(doc, version);
      return true;
    });
  }

  /** This request's changes to session {@code s}, as a patch of the record {@code id}. */
  private SessionPatch.Builder patchOf(DefaultSession s, String id, Instant now, Instant expiry) {
    SessionPatch.Builder patch = SessionPatch.builder(id, now, expiry);
    Set<String> changed = new LinkedHashSet<>(s.dirty);
    changed.addAll(s.mutatedNames());
    for (String name : changed) {
      JsonNode tree = s.treeOf(name);
      if (tree == null) {
        patch.remove(name);
      } else {
        patch.set(name, tree, s.aliasOf(name));
      }
    }
    if (s.maxAgeChanged()) {
      patch.maxAgeMillis(s.maxAgeMillisToStore());
    }
    String principalAttribute = config.principalAttribute();
    if (principalAttribute != null && changed.contains(principalAttribute)) {
      JsonNode value = s.treeOf(principalAttribute);
      patch.principal(value != null && value.isTextual() ? value.asText() : null);
    }
    return patch;
  }

  private String principalOf(SessionDocument doc) {
    if (config.principalAttribute() == null) {
      return null;
    }
    JsonNode value = doc.attributes().get(config.principalAttribute());
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private CompletionStage<Void> retire(DefaultSession s) {
    if (s.retiredIds.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> ids = List.copyOf(s.retiredIds);
    s.retiredIds.clear();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String old : ids) {
      chain = chain.thenCompose(v -> timed(store.destroy(old))).thenRun(() -> notify(l -> l.destroyed(old)));
    }
    return chain;
  }

  private CompletionStage<Void> destroyInStore(DefaultSession s) {
    List<String> ids = new ArrayList<>(s.retiredIds);
    if (s.version != StoredSession.NEW && s.idIfAssigned() != null) {
      ids.add(s.idIfAssigned());
    }
    s.retiredIds.clear();
    s.retiredIds.addAll(ids);
    return retire(s).handle((v, failure) -> {
      if (failure != null) {
        onSaveFailure(s, failure);
        return null;
      }
      s.version = StoredSession.NEW;
      if (s.clientSentId && config.idCookie()) {
        clearCookie(s.exchange);
      }
      return null;
    });
  }

  private void onSaveFailure(DefaultSession s, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SessionTooLargeException tooLarge) {
      throw tooLarge;
    }
    String id = SessionIds.redact(s.idIfAssigned());
    if (config.storeFailurePolicy() == StoreFailurePolicy.FAIL) {
      LOG.log(Level.ERROR, "session store failed to save session " + id + " (storeFailurePolicy=FAIL): " + cause);
      throw new SessionUnavailableException("session store failed to save: " + cause.getClass().getSimpleName(), cause);
    }
    LOG.log(Level.ERROR, "session store failed to save session " + id
        + "; this request's session changes are lost (storeFailurePolicy=CONTINUE): " + cause);
  }

  // ---- reload ---------------------------------------------------------------------------------

  CompletionStage<Void> reload(DefaultSession s) {
    if (config.mode() == SessionMode.COOKIE) {
      if (s.original() == null) {
        return CompletableFuture.failedFuture(new SessionGoneException("the session was never saved"));
      }
      s.adopt(s.original());
      return CompletableFuture.completedFuture(null);
    }
    String id = s.idIfAssigned();
    if (id == null || s.version == StoredSession.NEW) {
      return CompletableFuture.failedFuture(new SessionGoneException("the session was never saved"));
    }
    Instant now = now();
    return timed(store.get(id)).thenApply(found -> {
      if (found.isEmpty() || found.get().isExpired(now)) {
        throw new SessionGoneException("session " + SessionIds.redact(id) + " no longer exists");
      }
      StoredSession record = found.get();
      s.adopt(decodeRecord(record));
      s.version = record.version();
      s.baseVersion = record.version();
      s.lastAccessedAt = record.lastAccessedAt();
      s.expiresAt = record.expiresAt();
      return null;
    });
  }

  // ---- administration -------------------------------------------------------------------------

  /**
   * Ids of the live sessions whose principal attribute is {@code principal}.
   *
   * @throws UnsupportedOperationException when the store is no {@link PrincipalIndex}
   */
  public CompletionStage<List<String>> findSessionIds(String principal) {
    requireStore();
    return timed(PrincipalIndex.of(store).findByPrincipal(principal))
        .thenApply(list -> list.stream().map(StoredSession::id).toList());
  }

  /** Ends a session by id (e.g. all sessions of a user after a password change). */
  public CompletionStage<Void> destroy(String id) {
    requireStore();
    return timed(store.destroy(id)).thenRun(() -> notify(l -> l.destroyed(id)));
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

  // ---- time -----------------------------------------------------------------------------------

  /** The expiry window: idle timeout, else the session's max age, else the default lifetime. */
  private Duration window(DefaultSession s) {
    if (config.idleTimeout() != null) {
      return config.idleTimeout();
    }
    Duration maxAge = s.effectiveMaxAge();
    return maxAge != null ? maxAge : config.defaultLifetime();
  }

  /** The server-side deadline if the session is written or touched at {@code now}. */
  Instant expiryFor(DefaultSession s, Instant now) {
    Instant expiry = plus(now, window(s));
    if (config.absoluteTimeout() != null) {
      Instant absolute = plus(s.createdAt, config.absoluteTimeout());
      if (absolute.isBefore(expiry)) {
        expiry = absolute;
      }
    }
    return expiry;
  }

  /** When a cookie issued at {@code now} expires; null for a browser-session cookie. */
  private Instant cookieExpiryFor(DefaultSession s, Instant now) {
    Duration maxAge = s.effectiveMaxAge();
    if (maxAge == null) {
      return null;
    }
    Instant expiry = plus(now, maxAge);
    if (config.absoluteTimeout() != null) {
      Instant absolute = plus(s.createdAt, config.absoluteTimeout());
      if (absolute.isBefore(expiry)) {
        expiry = absolute;
      }
    }
    return expiry;
  }

  private boolean pastAbsoluteDeadline(Instant createdAt, Instant now) {
    return config.absoluteTimeout() != null && !plus(createdAt, config.absoluteTimeout()).isAfter(now);
  }

  /** Lazy touch: only once {@code touchAfter} of the window has passed since the last write/touch. */
  private boolean touchDue(DefaultSession s, Instant now) {
    long windowMillis = window(s).toMillis();
    long elapsed = Duration.between(s.lastAccessedAt, now).toMillis();
    return elapsed >= (long) (config.touchAfter() * windowMillis);
  }

  /** Cookie mode with an idle timeout: the sealed deadline must slide forward, lazily. */
  private boolean idleSlideDue(DefaultSession s, Instant now) {
    return config.idleTimeout() != null && touchDue(s, now);
  }

  /** koa-session's renew: less than {@code renewBelow} of the max age left on the cookie. */
  private boolean renewDue(DefaultSession s, Instant now) {
    Duration maxAge = s.effectiveMaxAge();
    if (config.renewBelow() <= 0 || maxAge == null || s.isNew() || s.cookieExpiresAt == SessionDocument.UNSET) {
      return false;
    }
    long left = s.cookieExpiresAt - now.toEpochMilli();
    return left < (long) (config.renewBelow() * maxAge.toMillis());
  }

  private static Instant plus(Instant base, Duration d) {
    try {
      Instant result = base.plus(d);
      return result.isAfter(LATEST) ? LATEST : result;
    } catch (ArithmeticException | DateTimeException tooFar) {
      return LATEST;
    }
  }

  // ---- cookies and headers --------------------------------------------------------------------

  private void sendId(DefaultSession s, Instant now) {
    String id = s.idIfAssigned();
    if (id == null) {
      return;
    }
    String token = sealer == null ? id : sealedId(id);
    if (config.idHeader() != null) {
      s.exchange.setResponseHeaders(config.idHeader(), List.of(token));
    }
    if (config.idCookie()) {
      String header = sessionCookie(s.exchange, token, now, cookieExpiryFor(s, now));
      if (header != null) {
        setCookieHeader(s.exchange, header);
      }
    }
    s.cookieExpiresAt = Optional.ofNullable(cookieExpiryFor(s, now)).map(Instant::toEpochMilli)
        .orElse(SessionDocument.UNSET);
  }

  /** The Set-Cookie value for the session cookie, or null when it must not be sent on this request. */
  private String sessionCookie(HttpExchange exchange, String value, Instant now, Instant cookieExpiry) {
    Boolean secure = secureAttribute(exchange);
    if (secure == null) {
      return null;
    }
    SetCookie.Builder cookie = baseCookie(value, secure);
    cookie.expires(now, cookieExpiry == null ? null : Duration.between(now, cookieExpiry));
    return cookie.format();
  }

  private void clearCookie(HttpExchange exchange) {
    Boolean secure = secureAttribute(exchange);
    if (secure == null) {
      return;
    }
    setCookieHeader(exchange, baseCookie("", secure).expired().format());
  }

  private SetCookie.Builder baseCookie(String value, boolean secure) {
    return (secure ? secureCookie : plainCookie).withValue(value);
  }

  /** The session cookie's attributes from the configuration, validated once; a template per request. */
  private SetCookie.Builder cookieTemplate(boolean secure) {
    return SetCookie.builder(config.cookieName(), "")
        .path(config.cookiePath())
        .domain(config.cookieDomain())
        .secure(secure)
        .httpOnly(config.httpOnly())
        .sameSite(config.sameSite())
        .partitioned(config.partitioned())
        .priority(config.priority());
  }

  /**
   * Whether the cookie carries Secure, or null when no cookie may be sent: a Secure-only cookie
   * (secure=ALWAYS, SameSite=None, Partitioned) on a plain-HTTP request would be dropped by the
   * browser, so none is sent and the application carries on.
   */
  private Boolean secureAttribute(HttpExchange exchange) {
    boolean https = isHttps(exchange);
    boolean secure = switch (config.secure()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> https;
    };
    boolean needsSecure = config.secure() == SessionConfig.Secure.ALWAYS
        || config.sameSite() == io.sessions4j.core.http.SameSite.NONE || config.partitioned();
    if (needsSecure && !https) {
      return null;
    }
    return secure;
  }

  private boolean isHttps(HttpExchange exchange) {
    if (exchange.isSecure()) {
      return true;
    }
    if (!config.trustProxy().test(exchange.remoteAddress())) {
      return false;
    }
    String proto = exchange.requestHeader("X-Forwarded-Proto");
    if (proto == null) {
      return false;
    }
    int comma = proto.indexOf(',');
    String first = (comma >= 0 ? proto.substring(0, comma) : proto).trim();
    return first.equalsIgnoreCase("https");
  }

  /** Adds the session cookie, replacing any earlier Set-Cookie of the same name in this response. */
  private void setCookieHeader(HttpExchange exchange, String header) {
    if (exchange.isResponseCommitted()) {
      LOG.log(Level.WARNING, "response already committed: the session cookie could not be sent; "
          + "the adapter must commit the session before the response is committed");
      return;
    }
    List<String> existing = exchange.responseHeaders(SET_COOKIE);
    boolean replaces = false;
    for (String h : existing) {
      if (config.cookieName().equals(SetCookie.nameOf(h))) {
        replaces = true;
        break;
      }
    }
    if (!replaces) {
      exchange.addResponseHeader(SET_COOKIE, header);
      return;
    }
    List<String> kept = new ArrayList<>(existing.size());
    for (String h : existing) {
      if (!config.cookieName().equals(SetCookie.nameOf(h))) {
        kept.add(h);
      }
    }
    kept.add(header);
    exchange.setResponseHeaders(SET_COOKIE, kept);
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private void runBeforeSave(DefaultSession s) {
    config.beforeSave().accept(s);
  }

  private <T> CompletableFuture<T> timed(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (future.isDone() && !future.isCompletedExceptionally()) {
      return future; // answered already (the memory store): nothing to time, nothing to wrap
    }
    return future.copy()
        .orTimeout(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> {
          Throwable cause = unwrap(e);
          if (cause instanceof TimeoutException) {
            return CompletableFuture.failedFuture(new SessionStoreException(
                "session store did not answer within storeTimeout " + config.storeTimeout(), cause));
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private void notify(java.util.function.Consumer<SessionListener> event) {
    for (SessionListener listener : config.listeners()) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "session listener threw; ignored: " + e);
      }
    }
  }

  static Throwable unwrap(Throwable t) {
    return io.sessions4j.core.http.FailureResponse.unwrap(t);
  }

  /** Thrown inside the engine's stages; kept local to the package. */
  private static final class SessionStoreException extends io.sessions4j.core.store.SessionStoreException {
    private static final long serialVersionUID = 1L;

    SessionStoreException(String message) {
      super(message);
    }

    SessionStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
