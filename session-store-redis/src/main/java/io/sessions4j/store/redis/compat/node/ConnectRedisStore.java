package io.sessions4j.store.redis.compat.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.compat.node.ExpressCookieShape;
import io.sessions4j.core.compat.node.ExpressSessionJson;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link SessionStore} in connect-redis's layout, so that an Express app using express-session
 * with connect-redis (9) and a sessions4j app share live sessions: the key {@code sess:<id>} (the
 * prefix is connect-redis's {@code prefix}) holds {@code JSON.stringify(req.session)} as a string
 * ({@link ExpressSessionJson}), with a TTL up to {@code cookie.expires} (connect-redis's {@code
 * ttl}, one day, when the cookie has no expiry). A touch moves only the TTL, as connect-redis's
 * {@code touch} does; a read takes the expiry from the TTL, so a touch from either side counts.
 *
 * <p>Concurrency with Node writers (they write the whole document with a plain SET, last wins):
 * this store changes a session only with a compare-and-set script that writes over the value it
 * read and nothing else (its SHA-1 is the record's version, {@link ExpressSessionJson#versionOf}).
 * A Node write that landed meanwhile makes the script refuse, and the change is applied again over
 * the Node write, so both are kept; a Node write after ours replaces it whole, as it would replace
 * another Node process's. Neither an update nor a touch ever creates a key, so a session destroyed
 * on either side is never brought back from here.
 */
public final class ConnectRedisStore implements SessionStore {
  /** Attempts of one update against concurrent writers before it gives up (fails the request). */
  static final int UPDATE_ATTEMPTS = 16;

  private static final String GET_WITH_TTL = """
      local v = redis.call('GET', KEYS[1])
      if not v then return nil end
      return {v, redis.call('PTTL', KEYS[1])}""";
  private static final String TAKE = """
      local v = redis.call('GET', KEYS[1])
      if not v then return nil end
      local ttl = redis.call('PTTL', KEYS[1])
      redis.call('DEL', KEYS[1])
      return {v, ttl}""";
  /** Writes ARGV[2] with a TTL of ARGV[3] ms only over the value whose SHA-1 starts with ARGV[1]. */
  private static final String COMPARE_AND_SET = """
      local v = redis.call('GET', KEYS[1])
      if not v or string.sub(redis.sha1hex(v), 1, 15) ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      return 1""";

  private final RedisClient ownClient;
  private final StatefulRedisConnection<String, String> connection;
  private final boolean ownsConnection;
  private final RedisAsyncCommands<String, String> redis;
  private final String prefix;
  private final Duration ttl;
  private final ExpressCookieShape shape;
  private final Clock clock;

  private ConnectRedisStore(Builder b) {
    if (b.connection != null) {
      this.ownClient = null;
      this.connection = b.connection;
      this.ownsConnection = false;
    } else {
      this.ownClient = RedisClient.create(b.uri);
      try {
        this.connection = ownClient.connect();
      } catch (RuntimeException e) {
        ownClient.shutdown();
        throw new SessionStoreException("could not connect to Redis for the connect-redis store: "
            + StoreFailures.describe(e), e);
      }
      this.ownsConnection = true;
    }
    this.redis = connection.async();
    this.prefix = b.prefix;
    this.ttl = b.ttl;
    this.shape = b.shape;
    this.clock = b.clock;
  }

  /** A builder; {@link Builder#uri} or {@link Builder#connection} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key of session {@code id}: connect-redis's {@code prefix + sid}. */
  public String key(String id) {
    return prefix + id;
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return this.<List<Object>>script(GET_WITH_TTL, id).thenApply(r -> Optional.ofNullable(record(id, r)))
        .exceptionallyCompose(e -> failed(e, "get"));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    String key = key(session.id());
    long ttlMillis = ttlMillis(session.expiresAt());
    if (expectedVersion == StoredSession.NEW) {
      String json = ExpressSessionJson.fromDocument(session.data(), null, shape, session.lastAccessedAt(),
          session.expiresAt());
      return redis.set(key, json, SetArgs.Builder.nx().px(ttlMillis)).thenApply("OK"::equals)
          .exceptionallyCompose(e -> failed(e, "save"));
    }
    return redis.get(key).thenCompose(raw -> {
      if (raw == null || ExpressSessionJson.versionOf(raw) != expectedVersion) {
        return CompletableFuture.completedFuture(false);
      }
      ObjectNode cookie = cookieOf(raw);
      String json = ExpressSessionJson.fromDocument(session.data(), cookie, shape, session.lastAccessedAt(),
          session.expiresAt());
      return compareAndSet(key, raw, json, ttlMillis);
    }).exceptionallyCompose(e -> failed(e, "save"));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return attemptUpdate(patch, 1).exceptionallyCompose(e -> failed(e, "update"));
  }

  private CompletionStage<Long> attemptUpdate(SessionPatch patch, int attempt) {
    String key = key(patch.id());
    return redis.get(key).thenCompose(raw -> {
      if (raw == null) {
        return CompletableFuture.completedFuture(StoredSession.NEW); // destroyed or expired: never recreated
      }
      ObjectNode stored;
      try {
        stored = ExpressSessionJson.parse(raw);
      } catch (CorruptSessionException unreadable) {
        return CompletableFuture.completedFuture(StoredSession.NEW); // no request could have read it
      }
      String json = ExpressSessionJson.apply(stored, patch, shape);
      return compareAndSet(key, raw, json, ttlMillis(patch.expiresAt())).thenCompose(written -> {
        if (written) {
          return CompletableFuture.completedFuture(ExpressSessionJson.versionOf(json));
        }
        if (attempt >= UPDATE_ATTEMPTS) {
          return CompletableFuture.failedFuture(new SessionStoreException("connect-redis store: session "
              + SessionIds.redact(patch.id()) + " kept changing under " + UPDATE_ATTEMPTS + " attempts to update it"));
        }
        return attemptUpdate(patch, attempt + 1); // a writer came first: apply the change over its write
      });
    });
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return this.<List<Object>>script(TAKE, id).thenApply(r -> Optional.ofNullable(record(id, r)))
        .exceptionallyCompose(e -> failed(e, "take"));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
    // connect-redis's touch: EXPIRE only; the document's cookie.expires is left as it is
    return redis.pexpire(key(id), ttlMillis(expiresAt)).exceptionallyCompose(e -> failed(e, "touch"));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return redis.del(key(id)).<Void>thenApply(n -> null).exceptionallyCompose(e -> failed(e, "destroy"));
  }

  @Override
  public void close() {
    if (ownsConnection) {
      connection.close();
      ownClient.shutdown();
    }
  }

  // ---- parts ----------------------------------------------------------------------------------

  private <T> CompletionStage<T> script(String source, String id, String... args) {
    return redis.<T>eval(source, ScriptOutputType.MULTI, new String[] {key(id)}, args);
  }

  private CompletionStage<Boolean> compareAndSet(String key, String expected, String json, long ttlMillis) {
    String version = String.format("%015x", ExpressSessionJson.versionOf(expected));
    return redis.<Long>eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new String[] {key}, version, json,
        Long.toString(ttlMillis)).thenApply(n -> n != null && n == 1L);
  }

  /** The record of a GET-with-PTTL reply, or null when absent or not a JSON object. */
  private StoredSession record(String id, List<Object> reply) {
    if (reply == null || reply.size() < 2 || !(reply.get(0) instanceof String raw)) {
      return null;
    }
    ObjectNode root;
    try {
      root = ExpressSessionJson.parse(raw);
    } catch (CorruptSessionException unreadable) {
      return null;
    }
    Instant now = clock.instant();
    long pttl = reply.get(1) instanceof Long l ? l : -1;
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
    return new StoredSession(id, ExpressSessionJson.toDocument(root), touched, touched, expiresAt,
        ExpressSessionJson.versionOf(raw), null);
  }

  private static ObjectNode cookieOf(String raw) {
    try {
      return ExpressSessionJson.cookie(ExpressSessionJson.parse(raw));
    } catch (CorruptSessionException unreadable) {
      return null;
    }
  }

  /** connect-redis's TTL: up to the expiry, at least 1 ms; its own {@code ttl} when there is none. */
  private long ttlMillis(Instant expiresAt) {
    if (expiresAt == null || expiresAt.equals(StoredSession.LATEST)) {
      return ttl.toMillis();
    }
    return Math.max(1, expiresAt.toEpochMilli() - clock.millis());
  }

  private static <T> CompletionStage<T> failed(Throwable e, String what) {
    return CompletableFuture.failedFuture(StoreFailures.wrap(e, "connect-redis store " + what + " failed"));
  }

  /** Builds a {@link ConnectRedisStore}; the options mirror connect-redis's. */
  public static final class Builder {
    private String uri;
    private StatefulRedisConnection<String, String> connection;
    private String prefix = "sess:";
    private Duration ttl = Duration.ofSeconds(86400);
    private ExpressCookieShape shape = ExpressCookieShape.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The Redis the Node app's client uses ({@code redis://host:port}); the store owns this connection. */
    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    /** A connection (UTF-8 string codec) the caller owns and closes; instead of {@link #uri}. */
    public Builder connection(StatefulRedisConnection<String, String> connection) {
      this.connection = connection;
      return this;
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

    /** The time source (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The store, connected.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it)
     * @throws SessionStoreException when Redis cannot be reached
     */
    public ConnectRedisStore build() {
      if ((uri == null) == (connection == null)) {
        throw new IllegalArgumentException("give exactly one of uri(...) and connection(...): the Redis the Node app uses");
      }
      if (prefix == null) {
        throw new IllegalArgumentException("prefix must not be null (connect-redis's default is \"sess:\")");
      }
      if (ttl == null || ttl.toMillis() < 1000) {
        throw new IllegalArgumentException("ttl must be at least 1 s (connect-redis's default is 86400 s)");
      }
      Objects.requireNonNull(shape, "cookieShape");
      Objects.requireNonNull(clock, "clock");
      return new ConnectRedisStore(this);
    }
  }
}
