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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the Redis stores in a Node package's layout share: one string key per session holding the
 * package's JSON document with a TTL, changed only by a compare-and-set script over the exact
 * value read (its SHA-1 is the record's version, {@link ExpressSessionJson#versionOf}), so that a
 * Node writer's concurrent write (a plain SET, last wins) is never lost; this process's writers of
 * one session take turns. Neither an update nor a touch ever creates a key. The layout (document,
 * expiry, TTL) is the subclass's; administration scans the layout's keys.
 */
abstract class NodeRedisStore implements SessionStore, PrincipalIndex, StoreAdministration, LayoutLimits {
  /** Attempts of one change against concurrent writers elsewhere before it gives up (fails the request). */
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
  /** GET and PTTL of every key: a flat list, value (false when gone or not a string) then PTTL, per key. */
  private static final String READ_MANY = """
      local out = {}
      for i, k in ipairs(KEYS) do
        local ok, v = pcall(redis.call, 'GET', k)
        if not ok then v = false end
        out[2 * i - 1] = v
        out[2 * i] = redis.call('PTTL', k)
      end
      return out""";

  private final RedisClient ownClient;
  private final StatefulRedisConnection<String, String> connection;
  private final boolean ownsConnection;
  private final RedisAsyncCommands<String, String> redis;
  private final String what;
  /** The keys' prefix (the id follows it). */
  protected final String prefix;
  /** The TTL of a session without expiry. */
  protected final Duration ttl;
  /** The time source. */
  protected final Clock clock;
  private final PrincipalPath principalPath;
  private final int scanCount;
  /** The last write queued per key: this process's writers of one session take turns. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

  NodeRedisStore(Builder<?> b, String what) {
    this.what = what;
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
        throw new SessionStoreException("could not connect to Redis for the " + what + ": "
            + StoreFailures.describe(e), e);
      }
      this.ownsConnection = true;
    }
    this.redis = connection.async();
    this.prefix = b.prefix;
    this.ttl = b.ttl;
    this.clock = b.clock;
    this.principalPath = b.principalPath;
    this.scanCount = b.scanCount;
  }

  // ---- the layout -----------------------------------------------------------------------------

  /** The record of a stored document whose key has {@code pttlMillis} to live (-1: no TTL). */
  abstract StoredSession record(String id, ObjectNode root, long version, long pttlMillis, Instant now);

  /** The document of a new record. */
  abstract String created(StoredSession session);

  /** The document replacing {@code stored} (null when it is unreadable) with {@code session} (a versioned save). */
  abstract String replaced(ObjectNode stored, StoredSession session);

  /** {@code patch} applied to {@code stored}. */
  abstract String patched(ObjectNode stored, SessionPatch patch);

  /** The TTL of a key for a session expiring at {@code expiresAt}, at least 1 ms. */
  abstract long ttlMillis(Instant expiresAt);

  /** The SCAN MATCH pattern of this layout's keys. */
  abstract String scanPattern();

  /** The principal the document names at the configured path, or null. */
  final String principalOf(ObjectNode root) {
    return principalPath.valueIn(root);
  }

  // ---- the store ------------------------------------------------------------------------------

  /** The key of session {@code id}: the prefix, then the id. */
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
      return redis.set(key, created(session), SetArgs.Builder.nx().px(ttlMillis)).thenApply("OK"::equals)
          .exceptionallyCompose(e -> failed(e, "save"));
    }
    return inTurn(key, () -> redis.get(key).thenCompose(raw -> {
      if (raw == null || ExpressSessionJson.versionOf(raw) != expectedVersion) {
        return CompletableFuture.completedFuture(false);
      }
      return compareAndSet(key, raw, replaced(parsed(raw), session), ttlMillis);
    })).exceptionallyCompose(e -> failed(e, "save"));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return rewrite(patch.id(), stored -> patched(stored, patch), ttlMillis(patch.expiresAt()))
        .exceptionallyCompose(e -> failed(e, "update"));
  }

  /**
   * Rewrites the live document of {@code id} with {@code change} (in turn, by compare-and-set, again
   * over a concurrent writer's value). Never creates a key.
   *
   * @return the new version, or {@link StoredSession#NEW} when there was no readable document
   */
  final CompletionStage<Long> rewrite(String id, Function<ObjectNode, String> change, long ttlMillis) {
    String key = key(id);
    return inTurn(key, () -> attemptRewrite(key, change, ttlMillis, 1));
  }

  private CompletionStage<Long> attemptRewrite(String key, Function<ObjectNode, String> change, long ttlMillis,
      int attempt) {
    return redis.get(key).thenCompose(raw -> {
      ObjectNode stored = raw == null ? null : parsed(raw);
      if (stored == null) {
        // destroyed or expired: never recreated; unreadable: no request could have read it
        return CompletableFuture.completedFuture(StoredSession.NEW);
      }
      String json = change.apply(stored);
      return compareAndSet(key, raw, json, ttlMillis).thenCompose(written -> {
        if (written) {
          return CompletableFuture.completedFuture(ExpressSessionJson.versionOf(json));
        }
        if (attempt >= UPDATE_ATTEMPTS) {
          return CompletableFuture.failedFuture(new SessionStoreException(what + ": session "
              + SessionIds.redact(key.substring(prefix.length())) + " kept changing under " + UPDATE_ATTEMPTS
              + " attempts to update it"));
        }
        return attemptRewrite(key, change, ttlMillis, attempt + 1); // a writer came first: change its write
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

  /** Moves only the key's TTL (connect-redis's {@code touch}). */
  final CompletionStage<Boolean> expireOnly(String id, Instant expiresAt) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
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
   * The live sessions whose document holds {@code principal} at the configured principal path,
   * Node's and Java's alike: a SCAN of every key of the layout.
   */
  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return all().thenApply(all -> all.stream().filter(r -> principal.equals(r.principal())).toList());
  }

  /** Writes a fresh document unconditionally; a record already expired is deleted instead. */
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
    return redis.set(key, created(session), SetArgs.Builder.px(ttlMillis(session.expiresAt())))
        .<Void>thenApply(ok -> null).exceptionallyCompose(e -> failed(e, "set"));
  }

  /** The number of readable sessions of the layout (a SCAN). */
  @Override
  public CompletionStage<Long> length() {
    return all().thenApply(all -> (long) all.size());
  }

  /** Every readable, live session of the layout (a SCAN); values that are not a JSON object are skipped. */
  @Override
  public CompletionStage<List<StoredSession>> all() {
    List<StoredSession> found = new ArrayList<>();
    return scan(keys -> readMany(keys).thenAccept(found::addAll)).thenApply(v -> List.copyOf(found))
        .exceptionallyCompose(e -> failed(e, "all"));
  }

  /** Deletes every key of the layout, Node's sessions included (a SCAN). */
  @Override
  public CompletionStage<Void> clear() {
    return scan(keys -> keys.isEmpty() ? CompletableFuture.completedFuture(null)
        : redis.del(keys.toArray(new String[0])).<Void>thenApply(n -> null))
        .exceptionallyCompose(e -> failed(e, "clear"));
  }

  /** SCANs the layout's keys, {@code scanCount} a step, handing each page of keys to {@code onPage}. */
  private CompletionStage<Void> scan(Function<List<String>, CompletionStage<Void>> onPage) {
    return scanFrom(ScanCursor.INITIAL, ScanArgs.Builder.matches(scanPattern()).limit(scanCount), onPage);
  }

  private CompletionStage<Void> scanFrom(ScanCursor cursor, ScanArgs args,
      Function<List<String>, CompletionStage<Void>> onPage) {
    return redis.scan(cursor, args).thenCompose((KeyScanCursor<String> page) -> onPage.apply(page.getKeys())
        .thenCompose(v -> page.isFinished() ? CompletableFuture.<Void>completedFuture(null)
            : scanFrom(page, args, onPage)));
  }

  /** The live, readable sessions of {@code keys}, read with one script. */
  private CompletionStage<List<StoredSession>> readMany(List<String> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return redis.<List<Object>>eval(READ_MANY, ScriptOutputType.MULTI, keys.toArray(new String[0])).thenApply(r -> {
      List<StoredSession> records = new ArrayList<>();
      for (int i = 0; i < keys.size() && 2 * i + 1 < r.size(); i++) {
        StoredSession record = record(keys.get(i).substring(prefix.length()), r.subList(2 * i, 2 * i + 2));
        if (record != null) {
          records.add(record);
        }
      }
      return records;
    });
  }

  /** Escapes the glob characters of SCAN MATCH, so {@code s} is matched literally. */
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
    ObjectNode root = parsed(raw);
    if (root == null) {
      return null;
    }
    long pttl = reply.get(1) instanceof Long l ? l : -1;
    return record(id, root, ExpressSessionJson.versionOf(raw), pttl, clock.instant());
  }

  /** The stored JSON object, or null when the value is not one. */
  static ObjectNode parsed(String raw) {
    try {
      return ExpressSessionJson.parse(raw);
    } catch (CorruptSessionException unreadable) {
      return null;
    }
  }

  private <T> CompletionStage<T> failed(Throwable e, String operation) {
    return CompletableFuture.failedFuture(StoreFailures.wrap(e, what + " " + operation + " failed"));
  }

  /** The options every Node Redis store has; {@code B} is the store's own builder. */
  abstract static class Builder<B extends Builder<B>> {
    String uri;
    StatefulRedisConnection<String, String> connection;
    String prefix;
    Duration ttl = Duration.ofSeconds(86400);
    Clock clock = Clock.systemUTC();
    PrincipalPath principalPath = PrincipalPath.PASSPORT;
    int scanCount = 100;

    Builder(String prefix) {
      this.prefix = prefix;
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /** The Redis the Node app's client uses ({@code redis://host:port}); the store owns this connection. */
    public B uri(String uri) {
      this.uri = uri;
      return self();
    }

    /** A connection (UTF-8 string codec) the caller owns and closes; instead of {@link #uri}. */
    public B connection(StatefulRedisConnection<String, String> connection) {
      this.connection = connection;
      return self();
    }

    /**
     * Where the documents name their user, for {@code findByPrincipal}: a dotted path, default
     * {@code passport.user} (passport's).
     *
     * @throws IllegalArgumentException when it is not field names joined by dots
     */
    public B principalPath(String dotted) {
      this.principalPath = PrincipalPath.of(dotted);
      return self();
    }

    /** The COUNT of each SCAN step of the admin operations, default 100 (connect-redis's {@code scanCount}). */
    public B scanCount(int scanCount) {
      this.scanCount = scanCount;
      return self();
    }

    /** The time source (tests). */
    public B clock(Clock clock) {
      this.clock = clock;
      return self();
    }

    /** Checks the shared options; {@code ttlName} is how the package calls its default TTL. */
    void check(String packageDefaults) {
      if ((uri == null) == (connection == null)) {
        throw new IllegalArgumentException("give exactly one of uri(...) and connection(...): the Redis the Node app uses");
      }
      if (prefix == null) {
        throw new IllegalArgumentException("prefix must not be null (" + packageDefaults + ")");
      }
      if (ttl == null || ttl.toMillis() < 1000) {
        throw new IllegalArgumentException("ttl must be at least 1 s (" + packageDefaults + ")");
      }
      if (scanCount < 1) {
        throw new IllegalArgumentException("scanCount must be at least 1 (the default is 100)");
      }
      Objects.requireNonNull(clock, "clock");
    }
  }
}
