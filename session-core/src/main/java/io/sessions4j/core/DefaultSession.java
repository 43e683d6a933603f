package io.sessions4j.core;

import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.compat.node.NodeCompat;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The engine's session: its attributes ({@link SessionAttributes}), its identity and stored
 * version, its clocks, and the lifecycle intents the engine acts on at commit (destroy, regenerate,
 * touch, save). The engine reads that state through {@link #facts()} and a few accessors, and
 * reports what it did through methods named after the event ({@link #written}, {@link #touched},
 * {@link #patched}, …); it never assigns a field.
 */
final class DefaultSession implements Session {
  private final SessionManager manager;
  private final HttpExchange exchange;
  private final SessionAttributes attributes;
  /** Store mode: the id this request's response carries, once sent. */
  private String idSent;
  /** This request's store time; set by the load, made on first use otherwise (cookie mode has none). */
  private StoreBudget storeBudget;
  /** This request's decision trace; null unless the {@code trace} option is on. */
  private SessionTrace trace;

  // identity and persistence state
  private String id;
  /** Id the client presented and the store confirmed; null for a new session (and in cookie mode). */
  private final String loadedId;
  /** The stored version this session was read at (store mode); NEW when not in the store. */
  private long version;
  /**
   * The stored version whose document is exactly this session's committed state (so a patch may
   * carry the whole document for it), or NEW when unknown: after a patch that another writer's
   * patch preceded, the store holds more than this session shows.
   */
  private long baseVersion;
  private boolean newSession;
  /** True when the client sent a session cookie or header (valid or not). */
  private final boolean clientSentId;
  /** Cookie mode: the client's cookie was sealed with an older key (so it is re-sealed). */
  private boolean sealedWithOlderKey;
  private Instant createdAt;
  private Instant lastAccessedAt;
  private Instant expiresAt;
  private long cookieExpiresAt;

  /** Per-session max age: null = the configured one. */
  private Duration maxAgeOverride;
  private boolean browserSessionOverride;
  private boolean maxAgeChanged;

  // lifecycle intents, acted on at commit
  /** Stored ids this session gave up (regenerate / changeId / destroy), deleted at commit. */
  private final List<String> retiredIds = new ArrayList<>();
  /** The stored id this request retires (regenerate / changeId), and the version it was read at. */
  private String claimId;
  private long claimVersion;
  /** The retired stored id whose data this session carries to its new id (change-id), or null. */
  private String changedFrom;
  private boolean destroyed;
  private boolean unsetKeep;
  private boolean touchRequested;
  private boolean explicitSave;
  /** The state as loaded (or last committed), for reload in cookie mode and unset=KEEP. */
  private SessionDocument original;

  // migrateFrom: the legacy Node session this request presented
  /** This session was imported from a legacy Node session that is retired once this one is written. */
  private boolean importPending;
  /** The imported legacy session's record id (express-session); null for the cookie packages. */
  private String legacyId;
  /** This request's own session won over a legacy cookie it also presented: that cookie is cleared. */
  private boolean legacyCookieToClear;

  private DefaultSession(SessionManager manager, HttpExchange exchange, String loadedId, StoredSession record,
      SessionDocument doc, boolean clientSentId, Instant now) {
    this.manager = manager;
    this.exchange = exchange;
    this.attributes = new SessionAttributes(manager.codec());
    this.loadedId = loadedId;
    this.clientSentId = clientSentId;
    if (doc == null) {
      this.newSession = true;
      this.version = StoredSession.NEW;
      this.createdAt = now;
      this.lastAccessedAt = now;
      this.cookieExpiresAt = SessionDocument.UNSET;
    } else {
      this.id = loadedId;
      this.version = record == null ? StoredSession.NEW : record.version();
      this.baseVersion = this.version;
      this.createdAt = record != null ? record.createdAt() : Instant.ofEpochMilli(doc.createdAt());
      this.lastAccessedAt = record != null ? record.lastAccessedAt() : Instant.ofEpochMilli(doc.lastAccessedAt());
      this.expiresAt = record != null ? record.expiresAt() : Instant.ofEpochMilli(doc.expiresAt());
      adopt(doc);
    }
  }

  /** Uses {@code budget} (the store time its load already spent) for this request's other store calls. */
  DefaultSession useStoreBudget(StoreBudget budget) {
    this.storeBudget = budget;
    return this;
  }

  /** Follows this session in {@code trace} (null when tracing is off). */
  DefaultSession traced(SessionTrace trace) {
    if (trace != null) {
      this.trace = trace;
      trace.follow(this);
    }
    return this;
  }

  /** The commit this session's current state leads to (no I/O, no change): the trace's planned commit. */
  CommitPlan plannedCommit() {
    return manager.plan(this);
  }

  /** This request's decision trace, or null when tracing is off. */
  SessionTrace trace() {
    return trace;
  }

  /** This request's store time: what is left of {@code storeTimeout} for its store calls. */
  StoreBudget storeBudget() {
    if (storeBudget == null) {
      storeBudget = manager.newStoreBudget();
    }
    return storeBudget;
  }

  /** A new, empty session for a request. */
  static DefaultSession fresh(SessionManager manager, HttpExchange exchange, boolean clientSentId, Instant now) {
    return new DefaultSession(manager, exchange, null, null, null, clientSentId, now);
  }

  /**
   * The session of a stored record and its decoded document (store mode), and whether the client's
   * id token is due to be re-sent under the current key.
   */
  static DefaultSession stored(SessionManager manager, HttpExchange exchange, StoredSession record,
      SessionDocument doc, boolean resealDue, Instant now) {
    DefaultSession session = new DefaultSession(manager, exchange, record.id(), record, doc, true, now);
    session.sealedWithOlderKey = resealDue;
    return session;
  }

  /** The session a cookie carried (cookie mode), and whether an older key sealed that cookie. */
  static DefaultSession fromCookie(SessionManager manager, HttpExchange exchange, SessionDocument doc,
      boolean sealedWithOlderKey, Instant now) {
    DefaultSession session = new DefaultSession(manager, exchange, null, null, doc, true, now);
    session.sealedWithOlderKey = sealedWithOlderKey;
    return session;
  }

  /**
   * A new session holding the attributes of a legacy Node session ({@code migrateFrom}), all to be
   * written, created when the legacy one was if that is known; the legacy session is retired once
   * this one is written ({@link #importPending()}).
   */
  static DefaultSession imported(SessionManager manager, HttpExchange exchange, SessionDocument legacy,
      Instant legacyCreatedAt, String legacyId, Instant now) {
    DefaultSession session = fresh(manager, exchange, true, now);
    session.attributes.adopt(legacy);
    session.attributes.markAllChanged();
    if (legacyCreatedAt != null && legacyCreatedAt.isBefore(now)) {
      session.createdAt = legacyCreatedAt;
    }
    session.importPending = true;
    session.legacyId = legacyId;
    return session;
  }

  /** Marks that the request also presented a legacy cookie, which this (own) session replaces. */
  DefaultSession clearsLegacyCookie(boolean presented) {
    this.legacyCookieToClear = presented;
    return this;
  }

  /** Whether this session is an import whose legacy session is not retired yet. */
  boolean importPending() {
    return importPending;
  }

  /** The imported legacy session's record id; null for the cookie packages. */
  String legacyId() {
    return legacyId;
  }

  /** Whether a legacy cookie this request presented is still to be cleared (the own session won). */
  boolean legacyCookieToClear() {
    return legacyCookieToClear;
  }

  /** The legacy session (or cookie) was retired: nothing more to do for it in this request. */
  void legacyRetired() {
    importPending = false;
    legacyCookieToClear = false;
  }

  /** Replaces attribute state with a document's (load, reload, a change-id's merge). */
  void adopt(SessionDocument doc) {
    attributes.adopt(doc);
    this.cookieExpiresAt = doc.cookieExpiresAt();
    if (doc.maxAgeMillis() == 0) {
      this.browserSessionOverride = true;
      this.maxAgeOverride = null;
    } else if (doc.maxAgeMillis() > 0) {
      this.browserSessionOverride = false;
      this.maxAgeOverride = Duration.ofMillis(doc.maxAgeMillis());
    }
    this.maxAgeChanged = false;
    this.original = doc;
  }

  // ---- what the engine reads ------------------------------------------------------------------

  /** The exchange this session was loaded through: {@link #save()} sets the cookie on it. */
  HttpExchange exchange() {
    return exchange;
  }

  /** Id the client presented and the store confirmed; null for a new session and in cookie mode. */
  String loadedId() {
    return loadedId;
  }

  /** The state as loaded or last committed; null when the client holds none. */
  SessionDocument original() {
    return original;
  }

  /** Store mode: a record exists under the session's current id. */
  boolean isInStore() {
    return version != StoredSession.NEW;
  }

  /** The stored version whose document is exactly this session's state, or NEW when unknown. */
  long baseVersion() {
    return baseVersion;
  }

  /** When the client's cookie expires (epoch millis), or {@link SessionDocument#UNSET} when unknown. */
  long cookieExpiresAt() {
    return cookieExpiresAt;
  }

  /** {@link #unset()} with {@code unset=KEEP}: this request leaves everything as it was. */
  boolean keepsUnset() {
    return unsetKeep;
  }

  /** True while {@link #save()} is committing (its synchronous part): a commit reads it when it starts. */
  boolean savingExplicitly() {
    return explicitSave;
  }

  /** The state the commit decision depends on ({@link CommitPlanner}), taken now. */
  CommitPlan.Facts facts() {
    boolean deciding = !destroyed && !unsetKeep; // a destroyed or kept session's changes are not looked at
    return new CommitPlan.Facts(destroyed, unsetKeep, clientSentId, newSession, version != StoredSession.NEW,
        !retiredIds.isEmpty(), !attributes.isEmpty(), deciding && attributes.changed(), maxAgeChanged,
        touchRequested, explicitSave, sealedWithOlderKey, original != null, lastAccessedAt, effectiveMaxAge(),
        cookieExpiresAt);
  }

  /**
   * The document of this session's attributes and own max age, with the given times (epoch millis,
   * or {@link SessionDocument#UNSET} for a time the document does not carry).
   */
  SessionDocument document(long createdAt, long lastAccessedAt, long expiresAt, long cookieExpiresAt) {
    return new SessionDocument(attributes.trees(), attributes.types(), maxAgeMillisToStore(), createdAt,
        lastAccessedAt, expiresAt, cookieExpiresAt);
  }

  /** The attributes, for building a patch of what this request changed. */
  SessionAttributes attributeState() {
    return attributes;
  }

  /** The stored id regenerate / changeId gave up, to take before writing the new one; null when none. */
  String claimedId() {
    return claimId;
  }

  /** The version {@link #claimedId()} was read at. */
  long claimedVersion() {
    return claimVersion;
  }

  // ---- what the engine reports ----------------------------------------------------------------

  /** The claimed id was taken: the session may now be written under its new id. */
  void claimTaken() {
    claimId = null;
  }

  /** The claimed id was gone (destroyed or retired by another request): nothing is written or retired. */
  void claimLost() {
    retiredIds.clear();
    changedFrom = null;
  }

  /**
   * The retired stored id whose data this session keeps under its new id (a change-id not followed
   * by a regenerate), reported as an id change rather than a destroy; null when there is none or
   * the session is being destroyed.
   */
  String idChangedFrom() {
    return destroyed ? null : changedFrom;
  }

  /** Destroying: the stored id is retired with any the session gave up before. */
  void retireStoredId() {
    if (version != StoredSession.NEW && id != null) {
      retiredIds.add(id);
    }
  }

  /** The retired ids, handed over for deletion (and forgotten here). */
  List<String> takeRetiredIds() {
    List<String> ids = List.copyOf(retiredIds);
    retiredIds.clear();
    changedFrom = null;
    return ids;
  }

  /** The session's record was deleted. */
  void removedFromStore() {
    version = StoredSession.NEW;
  }

  /** A new record was created at {@code newVersion}: it holds exactly this session's state. */
  void inserted(long newVersion) {
    baseVersion = newVersion;
  }

  /**
   * A patch built on {@code base} was applied, giving {@code newVersion}: the store holds exactly
   * this session's state only if no other writer's patch came between.
   */
  void patched(long base, long newVersion) {
    baseVersion = base != StoredSession.NEW && newVersion == base + 1 ? newVersion : StoredSession.NEW;
  }

  /** {@code written} was stored (or sealed into the cookie) at {@code now}, expiring at {@code expiry}. */
  void written(SessionDocument written, long newVersion, Instant now, Instant expiry) {
    lastAccessedAt = now;
    expiresAt = expiry;
    cookieExpiresAt = written.cookieExpiresAt();
    markCommitted(written, newVersion);
  }

  /** After a successful write (or clearing an emptied cookie): what was written is the new baseline. */
  void markCommitted(SessionDocument written, long newVersion) {
    attributes.committed(written);
    maxAgeChanged = false;
    // retiredIds are cleared once they are deleted from the store (takeRetiredIds)
    touchRequested = false;
    newSession = false;
    version = newVersion;
    original = written;
  }

  /** The record's expiry moved forward without a write. */
  void touched(Instant now, Instant expiry) {
    lastAccessedAt = now;
    expiresAt = expiry;
    touchRequested = false;
  }

  /** Store mode: the id was put in this request's response. */
  void idSent(String id) {
    this.idSent = id;
  }

  /**
   * The id this request's response carried, once that response is committed (the client holds it,
   * and nothing can be added to the response); else null.
   */
  String idSentInCommittedResponse() {
    return idSent != null && exchange.isResponseCommitted() ? idSent : null;
  }

  /** The id (or cookie) was sent with a cookie expiring at {@code cookieExpiresAt} (epoch millis or UNSET). */
  void cookieSent(long cookieExpiresAt) {
    this.cookieExpiresAt = cookieExpiresAt;
  }

  /** The client's token is (or is about to be) replaced by one sealed with the current key. */
  void resealed() {
    sealedWithOlderKey = false;
  }

  /** {@link #reload()} read {@code record} back. */
  void reloaded(StoredSession record, SessionDocument doc) {
    adopt(doc);
    version = record.version();
    baseVersion = record.version();
    lastAccessedAt = record.lastAccessedAt();
    expiresAt = record.expiresAt();
  }

  // ---- identity -------------------------------------------------------------------------------

  @Override
  public String id() {
    if (id == null && manager.config().mode() == SessionMode.STORE && !destroyed) {
      id = manager.newId();
    }
    return id;
  }

  /** The id if one was assigned, without generating one. */
  String idIfAssigned() {
    return id;
  }

  @Override
  public boolean isNew() {
    return newSession;
  }

  @Override
  public boolean isChanged() {
    return maxAgeChanged || !retiredIds.isEmpty() || destroyed || attributes.changed();
  }

  boolean maxAgeChanged() {
    return maxAgeChanged;
  }

  @Override
  public boolean isPopulated() {
    return !attributes.isEmpty();
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  // ---- attributes -----------------------------------------------------------------------------

  @Override
  public Object get(String name) {
    return attributes.get(name);
  }

  @Override
  public <T> T get(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return manager.codec().convert(get(name), type);
  }

  @Override
  public void put(String name, Object value) {
    Objects.requireNonNull(name, "attribute name");
    if (value == null) {
      remove(name);
      return;
    }
    NodeCompat compat = manager.config().compat();
    String refusal = compat == null ? null : compat.attributeRefusal(name);
    if (refusal != null) {
      throw new IllegalArgumentException("session attribute '" + name + "' cannot be set with compat="
          + compat.packageName() + ": " + refusal + "; use another name");
    }
    if (destroyed) {
      // writing to a destroyed session starts a new one (the destroyed one stays gone), so a
      // logout can still carry a flash message
      destroyed = false;
      regenerate();
    }
    attributes.put(name, value);
  }

  @Override
  public Object remove(String name) {
    return attributes.remove(name);
  }

  @Override
  public Set<String> names() {
    return attributes.names();
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes.values();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  public void regenerate() {
    retireCurrentId();
    changedFrom = null; // the data is dropped: the old id is destroyed, not changed
    attributes.clear();
    maxAgeOverride = null;
    browserSessionOverride = false;
    newSession = true;
    createdAt = manager.now();
  }

  @Override
  public void changeId() {
    String stored = version != StoredSession.NEW ? id : null;
    retireCurrentId();
    if (stored != null && manager.config().mode() == SessionMode.STORE) {
      changedFrom = stored;
    }
    attributes.markAllChanged(); // every attribute is written under the new id
  }

  private void retireCurrentId() {
    if (manager.config().mode() == SessionMode.STORE) {
      if (version != StoredSession.NEW && id != null) {
        retiredIds.add(id);
        // the stored id must be taken from the store before a new id may replace it
        claimId = id;
        claimVersion = version;
      }
      id = manager.newId();
      version = StoredSession.NEW;
    } else {
      attributes.markChanged();
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
  }

  @Override
  public void unset() {
    if (manager.config().unset() == Unset.DESTROY) {
      destroy();
    } else {
      unsetKeep = true;
    }
  }

  @Override
  public void touch() {
    touchRequested = true;
  }

  @Override
  public CompletionStage<Void> save() {
    explicitSave = true;
    try {
      return manager.commitNow(this);
    } finally {
      explicitSave = false; // seen by what the commit decides synchronously; not by a later commit
    }
  }

  @Override
  public CompletionStage<Void> reload() {
    return manager.reload(this);
  }

  @Override
  public void maxAge(Duration maxAge) {
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("maxAge must be positive, or null for a browser-session cookie");
    }
    this.maxAgeOverride = maxAge;
    this.browserSessionOverride = maxAge == null;
    this.maxAgeChanged = true;
  }

  @Override
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(effectiveMaxAge());
  }

  Duration effectiveMaxAge() {
    if (browserSessionOverride) {
      return null;
    }
    return maxAgeOverride != null ? maxAgeOverride : manager.config().maxAge();
  }

  /** The max age to persist: -1 none, 0 browser-session, else millis. */
  long maxAgeMillisToStore() {
    if (browserSessionOverride) {
      return 0;
    }
    return maxAgeOverride == null ? SessionDocument.UNSET : Math.max(1, maxAgeOverride.toMillis());
  }

  @Override
  public Instant createdAt() {
    return createdAt;
  }

  @Override
  public Instant lastAccessedAt() {
    return lastAccessedAt;
  }

  @Override
  public Instant expiresAt() {
    return expiresAt != null ? expiresAt : manager.expiryPolicy().expiry(createdAt, effectiveMaxAge(), manager.now());
  }

  @Override
  public String toString() {
    return "Session[id=" + io.sessions4j.core.id.SessionIds.redact(id) + ", new=" + newSession
        + ", attributes=" + attributes.names() + "]";
  }
}
