package io.sessions4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.SessionDocument;
import io.sessions4j.core.http.HttpExchange;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The engine's session: attribute state with change tracking, and the lifecycle intents the
 * {@link SessionManager} acts on at commit. Attributes decode lazily from their JSON trees, and a
 * mutable value handed to the application is compared with its stored tree at commit, so nested
 * changes count without re-encoding sessions whose mutable values were never read.
 */
final class DefaultSession implements Session {

  /** One attribute: its stored JSON tree (null when set in this request) and its decoded value. */
  static final class Attribute {
    JsonNode stored;
    String alias;
    Object value;
    boolean decoded;
    boolean exposed;

    static Attribute stored(JsonNode tree, String alias) {
      Attribute a = new Attribute();
      a.stored = tree;
      a.alias = alias;
      return a;
    }
  }

  private final SessionManager manager;
  final HttpExchange exchange;
  private final AttributeCodec codec;

  // identity and persistence state
  private String id;
  /** Id the client presented and the store/cookie confirmed; null for a new session. */
  final String loadedId;
  /** The stored version this session was read at (store mode); NEW when not in the store. */
  long version;
  /**
   * The stored version whose document is exactly this session's committed state (so a patch may
   * carry the whole document for it), or NEW when unknown: after a patch that another writer's
   * patch preceded, the store holds more than this session shows.
   */
  long baseVersion;
  boolean newSession;
  /** True when the client sent a session cookie or header (valid or not). */
  final boolean clientSentId;
  boolean sealedWithOlderKey;
  Instant createdAt;
  Instant lastAccessedAt;
  Instant expiresAt;
  long cookieExpiresAt;

  private Map<String, Attribute> attributes;
  /** Names put or removed in this request since the last commit (for merging concurrent writes). */
  final Set<String> dirty = new LinkedHashSet<>();
  private boolean structurallyChanged;
  /** Per-session max age: null = the configured one. */
  private Duration maxAgeOverride;
  private boolean browserSessionOverride;
  private boolean maxAgeChanged;
  /** Whether the max age changed in the write being committed (kept for the cookie decision). */
  boolean maxAgeChangedBeforeCommit;

  // lifecycle intents, acted on at commit
  final List<String> retiredIds = new ArrayList<>();
  /** The stored id this request retires (regenerate / changeId), and the version it was read at. */
  String claimId;
  long claimVersion;
  boolean destroyed;
  boolean unsetKeep;
  boolean touchRequested;
  boolean explicitSave;
  boolean committed;
  /** The state as loaded (or last committed), for reload in cookie mode and unset=KEEP. */
  private SessionDocument original;

  DefaultSession(SessionManager manager, HttpExchange exchange, String loadedId, StoredSession record,
      SessionDocument doc, boolean clientSentId, Instant now) {
    this.manager = manager;
    this.exchange = exchange;
    this.codec = manager.codec();
    this.loadedId = loadedId;
    this.clientSentId = clientSentId;
    if (doc == null) {
      this.newSession = true;
      this.version = StoredSession.NEW;
      this.createdAt = now;
      this.lastAccessedAt = now;
      this.attributes = new LinkedHashMap<>();
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

  /** Replaces attribute state with a document's (load, reload). */
  void adopt(SessionDocument doc) {
    Map<String, Attribute> attrs = new LinkedHashMap<>(Math.max(4, doc.attributes().size() * 2));
    doc.attributes().forEach((name, tree) -> attrs.put(name, Attribute.stored(tree, doc.types().get(name))));
    this.attributes = attrs;
    this.dirty.clear();
    this.structurallyChanged = false;
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

  SessionDocument original() {
    return original;
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
    return structurallyChanged || maxAgeChanged || !retiredIds.isEmpty() || destroyed || hasMutatedValues();
  }

  /** True when attributes differ from what was loaded or last committed. */
  boolean attributesChanged() {
    return structurallyChanged || hasMutatedValues();
  }

  boolean maxAgeChanged() {
    return maxAgeChanged;
  }

  private boolean hasMutatedValues() {
    for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
      Attribute a = e.getValue();
      if (a.exposed && a.stored != null && !AttributeCodec.isImmutable(a.value)
          && !codec.toTree(a.value).equals(a.stored)) {
        return true;
      }
    }
    return false;
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
    Attribute a = attributes.get(name);
    if (a == null) {
      return null;
    }
    if (!a.decoded) {
      a.value = codec.fromTree(a.stored, a.alias);
      a.decoded = true;
    }
    if (!AttributeCodec.isImmutable(a.value)) {
      a.exposed = true;
    }
    return a.value;
  }

  @Override
  public <T> T get(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return codec.convert(get(name), type);
  }

  @Override
  public void put(String name, Object value) {
    Objects.requireNonNull(name, "attribute name");
    if (value == null) {
      remove(name);
      return;
    }
    if (destroyed) {
      // like koa-session after `ctx.session = null`: writing to a destroyed session starts a new one
      // (the destroyed one stays gone), so a logout can still carry a flash message
      destroyed = false;
      regenerate();
    }
    if (!codec.isAllowed(value)) {
      throw new IllegalArgumentException("session attribute '" + name + "' is a " + value.getClass().getName()
          + ", which is neither a JSON value nor a registered type; register it with "
          + "SessionConfig.Builder.allowType(alias, " + value.getClass().getSimpleName() + ".class)");
    }
    Attribute a = new Attribute();
    a.value = value;
    a.decoded = true;
    a.exposed = true;
    a.alias = codec.aliasOf(value.getClass());
    Attribute previous = attributes.put(name, a);
    if (previous == null || previous.stored == null || !AttributeCodec.isImmutable(value)
        || !codec.toTree(value).equals(previous.stored)) {
      markDirty(name);
    } else {
      // same immutable value as stored: keep the stored tree, nothing changed
      a.stored = previous.stored;
    }
  }

  @Override
  public Object remove(String name) {
    Object old = get(name);
    if (attributes.remove(name) != null) {
      markDirty(name);
    }
    return old;
  }

  private void markDirty(String name) {
    dirty.add(name);
    structurallyChanged = true;
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(attributes.keySet());
  }

  @Override
  public Map<String, Object> attributes() {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (String name : attributes.keySet()) {
      copy.put(name, get(name));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** The JSON tree of every attribute, re-encoding only values that may have changed. */
  Map<String, JsonNode> trees() {
    Map<String, JsonNode> trees = new LinkedHashMap<>(Math.max(4, attributes.size() * 2));
    attributes.forEach((name, a) -> trees.put(name, treeOf(a)));
    return trees;
  }

  /** Names whose value changed in place since load (nested mutations). */
  Set<String> mutatedNames() {
    Set<String> names = new LinkedHashSet<>();
    attributes.forEach((name, a) -> {
      if (a.exposed && a.stored != null && !AttributeCodec.isImmutable(a.value)
          && !codec.toTree(a.value).equals(a.stored)) {
        names.add(name);
      }
    });
    return names;
  }

  /** The tree of one attribute, or null when absent. */
  JsonNode treeOf(String name) {
    Attribute a = attributes.get(name);
    return a == null ? null : treeOf(a);
  }

  String aliasOf(String name) {
    Attribute a = attributes.get(name);
    return a == null ? null : a.alias;
  }

  private JsonNode treeOf(Attribute a) {
    if (a.stored != null && (!a.exposed || AttributeCodec.isImmutable(a.value))) {
      return a.stored;
    }
    return codec.toTree(a.value);
  }

  Map<String, String> types() {
    Map<String, String> types = new LinkedHashMap<>();
    attributes.forEach((name, a) -> {
      if (a.alias != null) {
        types.put(name, a.alias);
      }
    });
    return types;
  }

  /** After a successful write: what was written becomes the new baseline. */
  void markCommitted(SessionDocument written, long newVersion) {
    for (Map.Entry<String, JsonNode> e : written.attributes().entrySet()) {
      Attribute a = attributes.get(e.getKey());
      if (a != null) {
        a.stored = e.getValue();
        if (!AttributeCodec.isImmutable(a.value)) {
          // the application may still hold the object; compare against what was written
          a.exposed = a.decoded;
        } else {
          a.exposed = false;
        }
      }
    }
    dirty.clear();
    structurallyChanged = false;
    maxAgeChanged = false;
    // retiredIds are cleared by the engine once it has deleted them from the store
    touchRequested = false;
    newSession = false;
    version = newVersion;
    original = written;
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  @Override
  public void regenerate() {
    retireCurrentId();
    attributes = new LinkedHashMap<>();
    dirty.clear();
    structurallyChanged = true;
    maxAgeOverride = null;
    browserSessionOverride = false;
    newSession = true;
    createdAt = manager.now();
  }

  @Override
  public void changeId() {
    retireCurrentId();
    structurallyChanged = true;
    // every attribute is written under the new id
    for (Attribute a : attributes.values()) {
      if (a.stored == null) {
        continue;
      }
      a.exposed = true;
      if (!a.decoded) {
        a.value = codec.fromTree(a.stored, a.alias);
        a.decoded = true;
      }
    }
  }

  private void retireCurrentId() {
    if (manager.config().mode() == SessionMode.STORE) {
      if (version != StoredSession.NEW && id != null) {
        retiredIds.add(id);
        // the stored id must be claimed (a versioned write) before a new id may replace it
        claimId = id;
        claimVersion = version;
      }
      id = manager.newId();
      version = StoredSession.NEW;
    } else {
      structurallyChanged = true;
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
    return manager.commitNow(this);
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
    return expiresAt != null ? expiresAt : manager.expiryFor(this, manager.now());
  }

  @Override
  public String toString() {
    return "Session[id=" + io.sessions4j.core.id.SessionIds.redact(id) + ", new=" + newSession
        + ", attributes=" + attributes.keySet() + "]";
  }
}
