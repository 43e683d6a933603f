package io.sessions4j.store.redis.compat.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.core.compat.node.ExpressCookieShape;
import io.sessions4j.core.compat.node.ExpressSessionJson;
import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link io.sessions4j.core.store.SessionStore} in connect-redis's layout, so that an Express app
 * using express-session with connect-redis (9) and a sessions4j app share live sessions: the key
 * {@code sess:<id>} (the prefix is connect-redis's {@code prefix}) holds {@code
 * JSON.stringify(req.session)} as a string ({@link ExpressSessionJson}), with a TTL up to {@code
 * cookie.expires} (connect-redis's {@code ttl}, one day, when the cookie has no expiry). A touch
 * moves only the TTL, as connect-redis's {@code touch} does; a read takes the expiry from the TTL,
 * so a touch from either side counts.
 *
 * <p>Concurrency with Node writers (they write the whole document with a plain SET, last wins):
 * this store changes a session only with a compare-and-set script that writes over the value it
 * read and nothing else (its SHA-1 is the record's version, {@link ExpressSessionJson#versionOf}).
 * A Node write that landed meanwhile makes the script refuse, and the change is applied again over
 * the Node write, so both are kept; a Node write after ours replaces it whole, as it would replace
 * another Node process's. Java writers of one session in this process take turns (a queue per
 * key), so they never make each other's compare-and-set fail. Neither an update nor a touch ever
 * creates a key, so a session destroyed on either side is never brought back from here.
 *
 * <p>Administration ({@link PrincipalIndex}, {@link StoreAdministration}) sees Node's keys as well as
 * Java's: it SCANs {@code prefix*} ({@code scanCount} keys a step, as connect-redis's {@code all}
 * does) and reads each page of keys with one script. A session's principal is the value at {@link
 * Builder#principalPath} in its document (passport's {@code passport.user} by default). Every one
 * of these operations costs time proportional to all the keys of the database that match the
 * prefix: for operators and admin pages, never on a request. {@code set} writes a fresh
 * express-session document; {@code clear} deletes every key under the prefix.
 *
 * <p>What the layout cannot keep ({@link LayoutLimits}): data is only the attributes; versions are
 * derived from the text; creation and access times are derived from the TTL and {@code
 * cookie.originalMaxAge}; the expiry is read as now plus the key's PTTL, so it is exact only to the
 * time the read takes; a session without expiry gets the {@code ttl}; the principal is what the
 * document says; no expiry events.
 */
public final class ConnectRedisStore extends NodeRedisStore {
  private static final Map<Guarantee, String> LIMITS = Map.of(
      Guarantee.OPAQUE_DATA, "the key holds express-session's JSON: only a document's attributes are kept",
      Guarantee.WRITTEN_VERSIONS, "Node writers keep no version: a key's version is the SHA-1 of its value",
      Guarantee.RECORDED_TIMES, "express-session keeps no creation or access time: both are the expiry minus "
          + "cookie.originalMaxAge",
      Guarantee.MILLISECOND_EXPIRY, "the expiry is the key's TTL (as connect-redis keeps it), read as now plus PTTL",
      Guarantee.FAR_FUTURE_EXPIRY, "a session without expiry gets the ttl option (one day by default) as its TTL, "
          + "as connect-redis gives it",
      Guarantee.WRITTEN_PRINCIPAL, "the key holds no principal: the principal is the value at principalPath in "
          + "the document",
      Guarantee.EXPIRY_EVENTS, "Redis expires the keys by their TTL, and the store subscribes to no notifications");

  private final ExpressCookieShape shape;

  private ConnectRedisStore(Builder b) {
    super(b, "connect-redis store");
    this.shape = b.shape;
  }

  /** A builder; {@link Builder#uri} or {@link Builder#connection} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  StoredSession record(String id, ObjectNode root, long version, long pttl, Instant now) {
    Instant expiresAt;
    if (pttl > 0) {
      expiresAt = now.plusMillis(pttl);
    } else {
      Instant cookieExpires = ExpressSessionJson.cookieExpires(root);
      expiresAt = cookieExpires != null ? cookieExpires : StoredSession.LATEST; // no TTL: kept until deleted
    }
    Long maxAge = ExpressSessionJson.originalMaxAge(root);
    // express-session keeps no creation or access time: the last touch is expiry minus the cookie's max age
    Instant touched = maxAge == null || expiresAt.equals(StoredSession.LATEST) ? now : expiresAt.minusMillis(maxAge);
    if (touched.isAfter(now)) {
      touched = now;
    }
    return new StoredSession(id, ExpressSessionJson.toDocument(root), touched, touched, expiresAt, version,
        principalOf(root));
  }

  @Override
  String created(StoredSession session) {
    return ExpressSessionJson.fromDocument(session.data(), null, shape, session.lastAccessedAt(), session.expiresAt());
  }

  @Override
  String replaced(ObjectNode stored, StoredSession session) {
    return ExpressSessionJson.fromDocument(session.data(), stored == null ? null : ExpressSessionJson.cookie(stored),
        shape, session.lastAccessedAt(), session.expiresAt());
  }

  @Override
  String patched(ObjectNode stored, SessionPatch patch) {
    return ExpressSessionJson.apply(stored, patch, shape);
  }

  /** connect-redis's TTL: up to the expiry, at least 1 ms; its own {@code ttl} when there is none. */
  @Override
  long ttlMillis(Instant expiresAt) {
    if (expiresAt == null || expiresAt.equals(StoredSession.LATEST)) {
      return ttl.toMillis();
    }
    return Math.max(1, expiresAt.toEpochMilli() - clock.millis());
  }

  @Override
  String scanPattern() {
    return escapeGlob(prefix) + "*";
  }

  /** connect-redis's touch: EXPIRE only; the document's {@code cookie.expires} is left as it is. */
  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return expireOnly(id, expiresAt);
  }

  @Override
  public Map<Guarantee, String> limits() {
    return LIMITS;
  }

  /** Builds a {@link ConnectRedisStore}; the options mirror connect-redis's. */
  public static final class Builder extends NodeRedisStore.Builder<Builder> {
    private ExpressCookieShape shape = ExpressCookieShape.defaults();

    private Builder() {
      super("sess:");
    }

    /** connect-redis's {@code prefix}, default {@code sess:}. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** connect-redis's {@code ttl}: the TTL of sessions whose cookie has no expiry, default 86400 s. */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /** The cookie object written into sessions Java creates: the Node app's {@code cookie} options. */
    public Builder cookieShape(ExpressCookieShape shape) {
      this.shape = shape;
      return this;
    }

    /**
     * The store, connected.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     * @throws SessionStoreException when Redis cannot be reached
     */
    public ConnectRedisStore build() {
      check("connect-redis's defaults: prefix \"sess:\", ttl 86400 s");
      Objects.requireNonNull(shape, "cookieShape");
      return new ConnectRedisStore(this);
    }
  }
}
