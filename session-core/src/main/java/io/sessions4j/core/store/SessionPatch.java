package io.sessions4j.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.codec.SessionDocument;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one request changed in an existing stored session, for {@link SessionStore#update}: the
 * attributes it set or removed, the session's own max age when it changed, and the record's new
 * access time and expiry.
 *
 * <p>A store applies a patch to the record as it stands when the patch arrives, atomically, so
 * writers of one session queue instead of racing: two requests that change different attributes
 * both keep their change, and of two that change the same attribute the one applied last wins.
 * Nothing is read back or retried. A patch never creates a record: a session destroyed or retired
 * meanwhile stays gone.
 *
 * <p>Stores that keep the encoded document whole apply a patch with {@link #applyTo}; a store that
 * keeps attributes apart (Redis hash fields) reads {@link #values}, {@link #encodedValues},
 * {@link #aliases} and {@link #removed} and applies them natively.
 *
 * <p>Most writes meet no concurrent writer. A patch may therefore carry its {@linkplain
 * #baseVersion() base}: the version of the record the request loaded, and the whole document the
 * patch makes of it. A store that finds the record still at that version may write that document
 * as it is (one conditional write, no decoding), and apply the patch only when another writer came
 * first.
 */
public final class SessionPatch {
  /** {@link #maxAgeMillis()} when the request did not change the session's own max age. */
  public static final long KEEP = Long.MIN_VALUE;

  /** Decodes and encodes documents for {@link #applyTo}; documents carry no Java types, so no allow-list. */
  private static final AttributeCodec DOCUMENTS = new AttributeCodec(Map.of());

  private final String id;
  private final Map<String, JsonNode> values;
  private final Map<String, String> aliases;
  private final Set<String> removed;
  private final long maxAgeMillis;
  private final long cookieExpiresAt;
  private final boolean principalChanged;
  private final String principal;
  private final Instant accessedAt;
  private final Instant expiresAt;
  private final long baseVersion;
  private final Supplier<byte[]> documentAtBase;

  private SessionPatch(Builder b) {
    this.id = b.id;
    this.values = Collections.unmodifiableMap(b.values);
    this.aliases = Collections.unmodifiableMap(b.aliases);
    this.removed = Collections.unmodifiableSet(b.removed);
    this.maxAgeMillis = b.maxAgeMillis;
    this.cookieExpiresAt = b.cookieExpiresAt;
    this.principalChanged = b.principalChanged;
    this.principal = b.principal;
    this.accessedAt = b.accessedAt;
    this.expiresAt = b.expiresAt;
    this.baseVersion = b.baseVersion;
    this.documentAtBase = b.documentAtBase;
  }

  /** A patch of the record {@code id} that moves its access time and expiry to the given ones. */
  public static Builder builder(String id, Instant accessedAt, Instant expiresAt) {
    return new Builder(id, accessedAt, expiresAt);
  }

  /** The id of the record to patch. */
  public String id() {
    return id;
  }

  /** Attributes set by the request: name to its JSON value. */
  public Map<String, JsonNode> values() {
    return values;
  }

  /** The JSON bytes of each value in {@link #values()}, as the document codec writes them. */
  public Map<String, byte[]> encodedValues() {
    Map<String, byte[]> encoded = new LinkedHashMap<>(Math.max(4, values.size() * 2));
    values.forEach((name, tree) -> encoded.put(name, DOCUMENTS.encodeValue(tree)));
    return encoded;
  }

  /** The registered-type alias of each set attribute that holds one; set attributes not listed hold plain JSON. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Attributes removed by the request. */
  public Set<String> removed() {
    return removed;
  }

  /** The session's new own max age (as {@link SessionDocument#maxAgeMillis()}), or {@link #KEEP}. */
  public long maxAgeMillis() {
    return maxAgeMillis;
  }

  /**
   * The expiry of the cookie this request issued (epoch millis, for renew), or {@link
   * SessionDocument#UNSET}. A store keeps the later of this and the stored one.
   */
  public long cookieExpiresAt() {
    return cookieExpiresAt;
  }

  /** True when the request changed the attribute the principal comes from. */
  public boolean principalChanged() {
    return principalChanged;
  }

  /** The new principal (null: none) when {@link #principalChanged()}; else meaningless. */
  public String principal() {
    return principal;
  }

  /** The record's new last-access time. */
  public Instant accessedAt() {
    return accessedAt;
  }

  /** The record's new expiry. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The version of the record the writer's changes were made against, or {@link StoredSession#NEW}
   * when the patch carries no base.
   */
  public long baseVersion() {
    return baseVersion;
  }

  /**
   * The whole encoded document this patch makes of the record at {@link #baseVersion()}: what
   * {@link #applyTo(byte[])} would return for it, already known to the writer. Valid only while
   * the stored version is still the base; null when the patch carries no base. Computed when first
   * asked for, so a store that never asks costs the writer nothing.
   */
  public byte[] documentAtBase() {
    return documentAtBase == null ? null : documentAtBase.get();
  }

  /**
   * The document to store over {@code stored}: {@link #documentAtBase()} when {@code stored} is at
   * the base version, else this patch applied to its data.
   */
  public byte[] documentOver(StoredSession stored) {
    if (documentAtBase != null && baseVersion != StoredSession.NEW && stored.version() == baseVersion) {
      return documentAtBase.get();
    }
    return applyTo(stored.data());
  }

  /** True when the patch changes no attribute and no max age (it only moves the timestamps). */
  public boolean changesNoData() {
    return values.isEmpty() && removed.isEmpty() && maxAgeMillis == KEEP;
  }

  /** The principal of the patched record, given the stored one. */
  public String principalAfter(String stored) {
    return principalChanged ? principal : stored;
  }

  /**
   * The encoded session document that results from applying this patch to {@code document} (the
   * stored one). An unreadable stored document counts as empty: no request could have read it.
   */
  public byte[] applyTo(byte[] document) {
    SessionDocument base;
    try {
      base = DOCUMENTS.decode(document);
    } catch (CorruptSessionException e) {
      base = new SessionDocument(Map.of(), Map.of(), SessionDocument.UNSET, SessionDocument.UNSET,
          SessionDocument.UNSET, SessionDocument.UNSET, SessionDocument.UNSET);
    }
    return DOCUMENTS.encode(applyTo(base));
  }

  /** {@link #applyTo(byte[])} on a decoded document. */
  public SessionDocument applyTo(SessionDocument base) {
    Map<String, JsonNode> attributes = new LinkedHashMap<>(base.attributes());
    Map<String, String> types = new LinkedHashMap<>(base.types());
    for (String name : removed) {
      attributes.remove(name);
      types.remove(name);
    }
    values.forEach((name, tree) -> {
      attributes.put(name, tree);
      String alias = aliases.get(name);
      if (alias == null) {
        types.remove(name);
      } else {
        types.put(name, alias);
      }
    });
    long maxAge = maxAgeMillis == KEEP ? base.maxAgeMillis() : maxAgeMillis;
    return new SessionDocument(attributes, types, maxAge, base.createdAt(), base.lastAccessedAt(),
        base.expiresAt(), Math.max(cookieExpiresAt, base.cookieExpiresAt()));
  }

  /** Never prints values or the full id. */
  @Override
  public String toString() {
    return "SessionPatch[id=" + io.sessions4j.core.id.SessionIds.redact(id) + ", set=" + values.keySet()
        + ", removed=" + removed + ", expiresAt=" + expiresAt + "]";
  }

  /** Builds a {@link SessionPatch}. */
  public static final class Builder {
    private final String id;
    private final Instant accessedAt;
    private final Instant expiresAt;
    private final Map<String, JsonNode> values = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private long maxAgeMillis = KEEP;
    private long cookieExpiresAt = SessionDocument.UNSET;
    private boolean principalChanged;
    private String principal;
    private long baseVersion = StoredSession.NEW;
    private Supplier<byte[]> documentAtBase;

    private Builder(String id, Instant accessedAt, Instant expiresAt) {
      this.id = Objects.requireNonNull(id, "id");
      this.accessedAt = Objects.requireNonNull(accessedAt, "accessedAt");
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Sets an attribute to a JSON value; {@code alias} names its registered type, or null. */
    public Builder set(String name, JsonNode value, String alias) {
      Objects.requireNonNull(value, "value (use remove for an absent attribute)");
      removed.remove(name);
      values.put(name, value);
      if (alias == null) {
        aliases.remove(name);
      } else {
        aliases.put(name, alias);
      }
      return this;
    }

    /** Removes an attribute. */
    public Builder remove(String name) {
      values.remove(name);
      aliases.remove(name);
      removed.add(name);
      return this;
    }

    /** Sets the session's own max age ({@link SessionDocument#maxAgeMillis()} meanings). */
    public Builder maxAgeMillis(long maxAgeMillis) {
      this.maxAgeMillis = maxAgeMillis;
      return this;
    }

    /** The expiry of the cookie issued with this write (epoch millis), for renew. */
    public Builder cookieExpiresAt(long cookieExpiresAt) {
      this.cookieExpiresAt = cookieExpiresAt;
      return this;
    }

    /** The record's principal becomes {@code principal} (null: none). */
    public Builder principal(String principal) {
      this.principalChanged = true;
      this.principal = principal;
      return this;
    }

    /**
     * The version the changes were made against and the whole document they make of it (asked for
     * at most once, and only by a store that finds the record still at that version).
     */
    public Builder base(long version, Supplier<byte[]> document) {
      this.baseVersion = version;
      this.documentAtBase = memoized(Objects.requireNonNull(document, "document"));
      return this;
    }

    private static Supplier<byte[]> memoized(Supplier<byte[]> supplier) {
      return new Supplier<>() {
        private byte[] value;

        @Override
        public synchronized byte[] get() {
          if (value == null) {
            value = supplier.get();
          }
          return value;
        }
      };
    }

    public SessionPatch build() {
      return new SessionPatch(this);
    }
  }
}
