package io.sessions4j.store.redis.compat.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.compat.node.KoaSessionJson;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link io.sessions4j.core.store.SessionStore} in koa-redis's layout (koa-redis 4, the Redis store
 * koa-session's README names), so that a Koa app using koa-session 7 in its external-store mode and
 * a sessions4j app ({@code compat=koa-session}, {@code mode=store}) share live sessions. koa-redis
 * keeps the session under its external key itself (koa-session's {@code genid}: a UUID, after
 * koa-session's {@code prefix} if one is set; koa-redis adds none), as a string holding {@code
 * JSON.stringify} of the session ({@link KoaSessionJson}: the attributes beside {@code _expire} and
 * {@code _maxAge}), with a TTL of {@code maxAge + 10 s} in whole seconds ({@code SETEX}). The expiry
 * is {@code _expire}: a document past it is absent on both sides, whatever its TTL; a touch moves
 * {@code _expire} and the TTL together (koa-session has no touch: it saves the whole session).
 *
 * <p>Concurrency with Node writers is as for {@link ConnectRedisStore}: changes are compare-and-set
 * over the value read, applied again over a concurrent Node write; Java writers of one session in
 * this process take turns; nothing is ever recreated.
 *
 * <p>Administration SCANs the keys that look like koa-session's: {@link Builder#keyPrefix} (its
 * {@code prefix}) then a UUID; with a custom {@code genid}, give {@link Builder#scanPattern}. Without
 * a prefix that is every UUID-named key of the database: keep koa's sessions in a database of their
 * own, or {@code clear()} deletes other programs' UUID-named keys too. The
 * principal is the value at {@link Builder#principalPath} (default {@code passport.user}, as
 * koa-passport keeps it). What the layout cannot keep ({@link io.sessions4j.core.store.LayoutLimits}):
 * opaque data, written versions, recorded times (derived from {@code _expire - _maxAge}), an
 * expiry without end (kept for {@code ttl}), the principal as written, expiry events.
 */
public final class KoaRedisStore extends NodeRedisStore {
  /** koa-session's store expires 10 s after the cookie ({@code maxAge += 10000}). */
  static final long GRACE_MILLIS = 10_000;
  private static final String UUID_GLOB = "????????-????-????-????-????????????";
  private static final Map<Guarantee, String> LIMITS = Map.of(
      Guarantee.OPAQUE_DATA, "the key holds koa-session's JSON: only a document's attributes are kept",
      Guarantee.WRITTEN_VERSIONS, "Node writers keep no version: a key's version is the SHA-1 of its value",
      Guarantee.RECORDED_TIMES, "koa-session keeps no creation or access time: both are _expire minus _maxAge",
      Guarantee.FAR_FUTURE_EXPIRY, "a session without expiry is kept for the ttl option (one day by default): "
          + "koa-redis gives such a session no TTL of its own",
      Guarantee.WRITTEN_PRINCIPAL, "the key holds no principal: the principal is the value at principalPath in "
          + "the document",
      Guarantee.EXPIRY_EVENTS, "Redis expires the keys by their TTL, and the store subscribes to no notifications");

  private final String scanPattern;

  private KoaRedisStore(Builder b) {
    super(b, "koa-redis store");
    this.scanPattern = b.scanPattern != null ? b.scanPattern : escapeGlob(b.prefix) + UUID_GLOB;
  }

  /** A builder; {@link Builder#uri} or {@link Builder#connection} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  StoredSession record(String id, ObjectNode root, long version, long pttl, Instant now) {
    Instant expiresAt = KoaSessionJson.expire(root);
    if (expiresAt == null) {
      // a browser-session document (_session: true): as long as its key lives
      expiresAt = pttl > 0 ? now.plusMillis(pttl) : StoredSession.LATEST;
    }
    if (!expiresAt.isAfter(now)) {
      return null; // koa-session's valid(): past _expire is no session
    }
    Long maxAge = KoaSessionJson.maxAge(root);
    Instant touched = maxAge == null || expiresAt.equals(StoredSession.LATEST) ? now : expiresAt.minusMillis(maxAge);
    if (touched.isAfter(now)) {
      touched = now;
    }
    return new StoredSession(id, KoaSessionJson.toDocument(root), touched, touched, expiresAt, version,
        principalOf(root));
  }

  @Override
  String created(StoredSession session) {
    return KoaSessionJson.fromDocument(session.data(), session.lastAccessedAt(), session.expiresAt());
  }

  @Override
  String replaced(ObjectNode stored, StoredSession session) {
    return created(session);
  }

  @Override
  String patched(ObjectNode stored, SessionPatch patch) {
    return KoaSessionJson.apply(stored, patch);
  }

  /** koa-session's store TTL: until 10 s after the expiry; the {@code ttl} for a session without one. */
  @Override
  long ttlMillis(Instant expiresAt) {
    if (expiresAt == null || expiresAt.equals(StoredSession.LATEST)) {
      return ttl.toMillis();
    }
    return Math.max(1, expiresAt.toEpochMilli() + GRACE_MILLIS - clock.millis());
  }

  @Override
  String scanPattern() {
    return scanPattern;
  }

  /** Moves {@code _expire} and the TTL (koa-session reads {@code _expire}); never creates a key. */
  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
    return rewrite(id, stored -> KoaSessionJson.expiring(stored, expiresAt), ttlMillis(expiresAt))
        .thenApply(version -> version != StoredSession.NEW);
  }

  @Override
  public Map<Guarantee, String> limits() {
    return LIMITS;
  }

  /** Builds a {@link KoaRedisStore}; the options mirror koa-session's and koa-redis's. */
  public static final class Builder extends NodeRedisStore.Builder<Builder> {
    private String scanPattern;

    private Builder() {
      super("");
    }

    /**
     * The prefix of the keys: koa-session's {@code prefix} option, default none. The prefix is part
     * of koa-session's external key, so it is part of the session id here too: it must be made of
     * {@code [A-Za-z0-9._~-]} ({@code koa:sess:} is not supported, because sessions4j refuses ids
     * with other characters before they reach a store).
     */
    public Builder keyPrefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** The TTL of a browser-session document ({@code maxAge: 'session'}), default one day. */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /** The SCAN MATCH pattern of the session keys, for a custom {@code genid}; default the prefix and a UUID. */
    public Builder scanPattern(String pattern) {
      this.scanPattern = pattern;
      return this;
    }

    /**
     * The store, connected.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     * @throws SessionStoreException when Redis cannot be reached
     */
    public KoaRedisStore build() {
      check("koa-session's default prefix is none");
      if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._~-]+")) {
        throw new IllegalArgumentException("keyPrefix '" + prefix + "' must be made of [A-Za-z0-9._~-]: it is part "
            + "of the session id (koa-session's external key), and sessions4j takes no other characters in ids");
      }
      if (scanPattern != null && scanPattern.isBlank()) {
        throw new IllegalArgumentException("scanPattern must not be blank (it would SCAN every key)");
      }
      return new KoaRedisStore(this);
    }
  }
}
