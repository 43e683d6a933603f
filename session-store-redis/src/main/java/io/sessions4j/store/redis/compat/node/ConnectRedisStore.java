package io.sessions4j.store.redis.compat.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.sessions4j.core.codec.CorruptSessionException;
import io.sessions4j.core.compat.node.ExpressCookieShape;
import io.sessions4j.core.compat.node.ExpressSessionJson;
import io.sessions4j.core.compat.node.PrincipalPath;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.Function;

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
 * on either side is never brought back from here. Java writers of one session in this process
 * take turns (a queue per key), so they never make each other's compare-and-set fail; only a
 * concurrent writer elsewhere (Node, another Java process) can, and then the change is applied again.
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
 * time the read takes; the principal is what the document says; no expiry events.
 */
public final class ConnectRedisStore implements SessionStore, PrincipalIndex, StoreAdministration, LayoutLimits {
  /** Attempts of one update against concurrent writers before it gives up (fails the request). */
  static final int UPDATE_ATTEMPTS = 16;
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
  /** GET and PTTL of every key: a flat list, value (false when gone) then PTTL, per key. */
  private static final String READ_MANY = """
      local out = {}
      for i, k in ipairs(KEYS) do
        local ok, v = pcall(redis.call, 'GET', k)
        if not ok then v = false end
        out[2 * i - 1] = v
        out[2 * i] = redis.call('PTTL', k)
      end
      return out""";

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
  private final PrincipalPath principalPath;
  private final int scanCount;
  /** The last write queued per key: this process's writers of one session take turns. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

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
    this.principalPath = b.principalPath;
    this.scanCount = b.scanCount;
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
    return inTurn(key, () -> redis.get(key).thenCompose(raw -> {
      if (raw == null || ExpressSessionJson.versionOf(raw) != expectedVersion) {
        return CompletableFuture.completedFuture(false);
      }
      ObjectNode cookie = cookieOf(raw);
      String json = ExpressSessionJson.fromDocument(session.data(), cookie, shape, session.lastAccessedAt(),
          session.expiresAt());
      return compareAndSet(key, raw, json, ttlMillis);
    })).exceptionallyCompose(e -> failed(e, "save"));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return inTurn(key(patch.id()), () -> attemptUpdate(patch, 1)).exceptionallyCompose(e -> failed(e, "update"));
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

  // ---- administration -------------------------------------------------------------------------

  /**
   * The live sessions whose document holds {@code principal} at {@link Builder#principalPath}, Node's
   * and Java's alike: a SCAN of every key under the prefix.
   */
  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return all().thenApply(all -> all.stream().filter(r -> principal.equals(r.principal())).toList());
  }

  /** Writes an express-session document unconditionally; a record already expired is deleted instead. */
  @Override
  public CompletionStage<Void> set(StoredSession session) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    String key = key(session.id());
    if (!session.expiresAt().isAfter(clock.instant())) {
      return redis.del(key).<Void>thenApply(n -> null).exceptionallyCompose(e -> failed(e, "set"));
    }
    String json = ExpressSessionJson.fromDocument(session.data(), null, shape, session.lastAccessedAt(),
        session.expiresAt());
    return redis.set(key, json, SetArgs.Builder.px(ttlMillis(session.expiresAt()))).<Void>thenApply(ok -> null)
        .exceptionallyCompose(e -> failed(e, "set"));
  }

  /** The number of keys under the prefix holding a session document (a SCAN). */
  @Override
  public CompletionStage<Long> length() {
    return all().thenApply(all -> (long) all.size());
  }

  /** Every session under the prefix (a SCAN); values that are not a JSON object are skipped. */
  @Override
  public CompletionStage<List<StoredSession>> all() {
    List<StoredSession> found = new ArrayList<>();
    return scan(keys -> readMany(keys).thenAccept(found::addAll)).thenApply(v -> List.copyOf(found))
        .exceptionallyCompose(e -> failed(e, "all"));
  }

  /** Deletes every key under the prefix, Node's sessions included (a SCAN). */
  @Override
  public CompletionStage<Void> clear() {
    return scan(keys -> keys.isEmpty() ? CompletableFuture.completedFuture(null)
        : redis.del(keys.toArray(new String[0])).<Void>thenApply(n -> null))
        .exceptionallyCompose(e -> failed(e, "clear"));
  }

  @Override
  public Map<Guarantee, String> limits() {
    return LIMITS;
  }

  /** SCANs {@code prefix*}, {@code scanCount} a step, handing each page of keys to {@code onPage}. */
  private CompletionStage<Void> scan(Function<List<String>, CompletionStage<Void>> onPage) {
    ScanArgs args = ScanArgs.Builder.matches(escapeGlob(prefix) + "*").limit(scanCount);
    return scanFrom(ScanCursor.INITIAL, args, onPage);
  }

  private CompletionStage<Void> scanFrom(ScanCursor cursor, ScanArgs args,
      Function<List<String>, CompletionStage<Void>> onPage) {
    return redis.scan(cursor, args).thenCompose((KeyScanCursor<String> page) -> onPage.apply(page.getKeys())
        .thenCompose(v -> page.isFinished() ? CompletableFuture.<Void>completedFuture(null)
            : scanFrom(page, args, onPage)));
  }

  /** The live, readable sessions of {@code keys} (keys under the prefix), read with one script. */
  private CompletionStage<List<StoredSession>> readMany(List<String> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return redis.<List<Object>>eval(READ_MANY, ScriptOutputType.MULTI, keys.toArray(new String[0])).thenApply(r -> {
      List<StoredSession> records = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        String id = keys.get(i).substring(prefix.length());
        StoredSession record = 2 * i + 1 < r.size() ? record(id, r.subList(2 * i, 2 * i + 2)) : null;
        if (record != null) {
          records.add(record);
        }
      }
      return records;
    });
  }

  /** Escapes the glob characters of SCAN MATCH, so the prefix is matched literally. */
  static String escapeGlob(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  // ---- parts ----------------------------------------------------------------------------------

  /** Runs {@code write} once the writes of {@code key} queued before it in this process are done. */
  private <T> CompletionStage<T> inTurn(String key, Supplier<CompletionStage<T>> write) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> before = writing.put(key, mine);
    CompletableFuture<Void> start = before == null ? CompletableFuture.completedFuture(null) : before;
    CompletableFuture<T> result = start.thenCompose(v -> write.get());
    result.whenComplete((r, e) -> {
      writing.remove(key, mine);
      mine.complete(null);
    });
    return result;
  }

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
        ExpressSessionJson.versionOf(raw), principalPath.valueIn(root));
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
    private PrincipalPath principalPath = PrincipalPath.PASSPORT;
    private int scanCount = 100;

    private Builder() {}

    /**
     * Where the documents name their user, for {@link #findByPrincipal}: a dotted path, default
     * {@code passport.user} (passport's).
     *
     * @throws IllegalArgumentException when it is not field names joined by dots
     */
    public Builder principalPath(String dotted) {
      this.principalPath = PrincipalPath.of(dotted);
      return this;
    }

    /** connect-redis's {@code scanCount}: the COUNT of each SCAN step of the admin operations, default 100. */
    public Builder scanCount(int scanCount) {
      this.scanCount = scanCount;
      return this;
    }

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
      if (scanCount < 1) {
        throw new IllegalArgumentException("scanCount must be at least 1 (connect-redis's default is 100)");
      }
      Objects.requireNonNull(shape, "cookieShape");
      Objects.requireNonNull(clock, "clock");
      return new ConnectRedisStore(this);
    }
  }
}
