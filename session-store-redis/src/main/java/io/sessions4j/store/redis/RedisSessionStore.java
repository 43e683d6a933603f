package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RecordFormat.bytes;
import static io.sessions4j.store.redis.ScriptValues.done;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoreLifecycle;
import io.sessions4j.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} on Redis through Lettuce, for standalone Redis and Redis Cluster.
 *
 * <p>A session is one Redis hash whose key carries the session id as hash tag; it expires by its
 * own TTL, so nothing here depends on keyspace notifications or on a sweeper. Per request the
 * engine costs one command to read (HGETALL), and one to write or touch (EVALSHA of a script doing
 * the write, the TTL and, on standalone Redis, the principal index, atomically).
 *
 * <p>Concurrency: {@link #update} is one script that applies a request's attribute changes to the
 * record's hash fields (each attribute is its own field, see {@code RecordFormat}), so concurrent
 * writers of one session queue inside Redis instead of reading back and retrying: different
 * attributes are never lost, the same attribute ends with the value applied last. {@link #save} is
 * a compare-and-set on the record's version inside one script. An update, save or touch of a record
 * that was destroyed or taken (regenerated away) finds no record and writes nothing: a deleted
 * session is never brought back. See the module README for the full guarantee and the key layout.
 *
 * <p>Futures complete on Lettuce's I/O threads; do not block in callbacks chained to them.
 *
 * <p>This class is the facade; the parts behind it: {@code RedisConnection} (connecting, closing),
 * {@code BuilderChecks} (option validation), {@code KeyLayout} (key names), {@code RecordFormat}
 * (hash fields of format 1 and 2), {@code Script} (the Lua scripts, loading, EVALSHA fallback),
 * {@code RedisWrites} (save, update, format-1 conversion, touch, take, destroy, principal index),
 * {@code BulkReads} (SCAN, reading many records, findByPrincipal) and {@code ExpiredEvents} (expired-key notifications).
 */
public final class RedisSessionStore implements SessionStore, PrincipalIndex, StoreAdministration {
  /** Keys as UTF-8 text, values as raw bytes: the codec of every connection the store uses. */
  public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final byte[] ANY_VERSION = bytes("*");

  private final KeyLayout keys;
  private final RedisConnection connection;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final boolean cluster;
  private final Clock clock;
  private final long pruneGraceMillis;
  private final RedisWrites writes;
  private final BulkReads reads;
  private final ExpiryNotifier expiry = new ExpiryNotifier();
  private final StoreLifecycle lifecycle = new StoreLifecycle("Redis session store");

  private RedisSessionStore(Builder b) {
    this.keys = new KeyLayout(b.keyPrefix);
    this.clock = b.clock;
    this.pruneGraceMillis = b.indexPruneGrace.toMillis();
    this.connection = new RedisConnection(b, keys, expiry);
    this.redis = connection.redis;
    this.cluster = connection.cluster;
    this.writes = new RedisWrites(redis, keys, cluster, clock, pruneGraceMillis);
    this.reads = new BulkReads(redis, keys, clock, pruneGraceMillis);
  }

  /** A builder; set one of {@code uri}, {@code client} or {@code connection}. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when this store talks to Redis Cluster. */
  public boolean isCluster() {
    return cluster;
  }

  /** The prefix of every key this store writes. */
  public String keyPrefix() {
    return keys.prefix();
  }

  /**
   * True when expired events are being delivered: {@code notifyExpired(true)} was asked and the
   * server had keyspace notifications for expired keys enabled.
   */
  public boolean reportsExpiry() {
    return connection.expiredEvents != null && connection.expiredEvents.active();
  }

  // ---- SessionStore -------------------------------------------------------------------------

  /** One HGETALL. */
  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard("get", id, () -> redis.hgetall(keys.sessionKey(id)).thenApply(fields -> {
      StoredSession record = RecordFormat.parse(id, fields);
      if (record == null || record.isExpired(clock.instant())) {
        return Optional.<StoredSession>empty();
      }
      return Optional.of(record);
    }));
  }

  /**
   * One EVALSHA. On Redis Cluster a session with a principal costs one more command when its
   * principal changes (the index, in another slot, is written first) or when its index must be kept
   * alive longer (at most about once per expiry window).
   */
  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return guard("save", session.id(), () -> {
      long now = clock.millis();
      String principal = session.principal();
      boolean indexFirst = cluster && principal != null && expectedVersion == StoredSession.NEW;
      return writes.write(session, bytes(expectedVersion), now, indexFirst);
    });
  }


  /** Like {@link #save} without the version check: one EVALSHA. */
  @Override
  public CompletionStage<Void> set(StoredSession session) {
    String problem = SessionIds.problemWith(session.id());
    if (problem != null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
    }
    return guard("set", session.id(), () -> {
      long now = clock.millis();
      return writes.write(session, ANY_VERSION, now, false).thenApply(written -> (Void) null);
    });
  }

  /**
   * One EVALSHA: the update script applies the patch to the record's fields (HSET/HDEL of the set
   * and removed attributes, max age, renew mark, times, principal, TTL) and moves the version on, so
   * concurrent writers of one session queue inside Redis and never retry. On a cluster a new
   * principal is indexed first (one more command); a session with a principal costs one more
   * command about once per expiry window to keep its index alive. A record still in format 1 (the
   * whole document in one field, written by the previous release) is converted once: read, patched
   * and saved in format 2 with a versioned save, repeated only when another writer converted it
   * first.
   */
  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    if (!SessionIds.isWellFormed(patch.id())) {
      return CompletableFuture.completedFuture(StoredSession.NEW);
    }
    return guard("update", patch.id(), () -> writes.update(patch));
  }

  /**
   * One EVALSHA that reads and deletes the record (so of concurrent takers exactly one gets it),
   * plus one to drop the id from its principal's index when it had a principal.
   */
  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return guard("take", id, () -> writes.take(id));
  }

  /** One EVALSHA (plus, rarely, one to keep a principal's index alive as long as the session). */
  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(false);
    }
    return guard("touch", id, () -> writes.touch(id, accessedAt, expiresAt));
  }

  /** One EVALSHA (plus one to drop the id from the principal index when the session had a principal). */
  @Override
  public CompletionStage<Void> destroy(String id) {
    if (!SessionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null); // never a key built from application input
    }
    return guard("destroy", id, () -> writes.destroy(id));
  }

  /**
   * Counts session keys with SCAN over this store's prefix: O(all keys in the database, or in every
   * cluster node), so meant for administration and tests, not for every request.
   */
  @Override
  public CompletionStage<Long> length() {
    // SCAN may return a key more than once (while Redis rehashes): count distinct keys
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return guard("length", null, () -> reads.scan(keys.sessionPattern(), page -> {
      seen.addAll(page);
      return done();
    }).thenApply(v -> (long) seen.size()));
  }

  /**
   * Every live record, by SCAN over this store's prefix and one HGETALL per session (pipelined).
   * Corrupt records are logged and skipped. Cost as {@link #length()}, plus reading every session.
   */
  @Override
  public CompletionStage<List<StoredSession>> all() {
    List<StoredSession> found = Collections.synchronizedList(new ArrayList<>());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return guard("all", null, () -> reads.scan(keys.sessionPattern(), page -> {
      List<String> ids = new ArrayList<>(page.size());
      for (String key : page) {
        String id = keys.idOf(key);
        if (id != null && seen.add(id)) {
          ids.add(id);
        }
      }
      return reads.readAll(ids).thenAccept(records -> records.forEach(r -> {
        if (r.record() != null) {
          found.add(r.record());
        }
      }));
    }).thenApply(v -> List.copyOf(found)));
  }

  /**
   * Deletes every key under this store's prefix (sessions and indexes) with SCAN and UNLINK, never
   * FLUSHDB: other data in the same database is left alone.
   */
  @Override
  public CompletionStage<Void> clear() {
    return guard("clear", null, () -> reads.scan(keys.everythingPattern(), page -> page.isEmpty()
        ? done()
        : redis.unlink(page.toArray(new String[0])).thenApply(n -> (Void) null)));
  }

  /**
   * The live sessions indexed under {@code principal}: one ZRANGE, then one HGETALL per indexed id.
   * Ids whose session is gone, expired or now belongs to another principal are pruned from the
   * index (only once they were last indexed more than {@code indexPruneGrace} ago).
   */
  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Objects.requireNonNull(principal, "principal");
    return guard("findByPrincipal", null, () -> reads.findByPrincipal(principal));
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    expiry.listener(listener);
  }

  /**
   * Closes the connections and the client this store created. A client or connection passed in by
   * the caller is left open.
   */
  @Override
  public void close() {
    if (!lifecycle.markClosed()) {
      return;
    }
    connection.close();
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private <T> CompletionStage<T> guard(String operation, String id, Supplier<CompletionStage<T>> body) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletionStage<T> stage;
    try {
      if (lifecycle.isClosed()) {
        throw lifecycle.closedFailure();
      }
      stage = body.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
        return;
      }
      String what = id == null ? operation : operation + " of session " + SessionIds.redact(id);
      result.completeExceptionally(StoreFailures.wrap(failure, "Redis " + what + " failed"));
    });
    return result;
  }

  /** Builds a {@link RedisSessionStore}; {@link #build()} connects and fails fast when Redis is unreachable. */
  public static final class Builder {
    final List<String> uris = new ArrayList<>();
    boolean cluster;
    AbstractRedisClient client;
    StatefulConnection<String, byte[]> connection;
    String keyPrefix = "sessions4j:";
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration commandTimeout = Duration.ofSeconds(2);
    Duration maxReconnectDelay = Duration.ofMillis(500);
    boolean notifyExpired;
    Duration indexPruneGrace = Duration.ofMinutes(1);
    Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The server, as a Lettuce URI: {@code redis://[[user:]password@]host[:port][/database]}, or
     * {@code rediss://…} for TLS ({@code ?verifyPeer=false} only for tests). With {@link
     * #cluster(boolean) cluster(true)}, any node of the cluster (a seed).
     */
    public Builder uri(String uri) {
      this.uris.clear();
      this.uris.add(Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /** Several seed nodes of a Redis Cluster (implies nothing by itself: set {@code cluster(true)}). */
    public Builder uris(List<String> uris) {
      this.uris.clear();
      for (String u : Objects.requireNonNull(uris, "uris")) {
        this.uris.add(Objects.requireNonNull(u, "uris contains null"));
      }
      return this;
    }

    /** Talk Redis Cluster (RedisClusterClient) instead of standalone Redis. Default false. */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * Use the caller's client (a {@code RedisClient} or a {@code RedisClusterClient}); the store
     * opens its own connection on it and closes only that connection. With a {@code RedisClient}
     * created without a URI, also set {@link #uri(String)}.
     */
    public Builder client(AbstractRedisClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Use the caller's connection, opened with {@link RedisSessionStore#CODEC}; the store never
     * closes it. Timeouts are then the connection's own. {@code notifyExpired} needs a client.
     */
    public Builder connection(StatefulConnection<String, byte[]> connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
      return this;
    }

    /** Prefix of every key; default {@code sessions4j:}. {@code clear()} deletes every key under it. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** How long connecting may take (the store's own client only). Default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long one command may take before it fails. Default 2 s. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * The longest wait between two reconnect attempts after the connection to Redis is lost (the
     * store's own client only; a client you pass keeps its own {@code ClientResources}). Attempts
     * start at once and back off exponentially up to this bound, so the store is back at most about
     * this long after Redis is. Default 500 ms (Lettuce's own default grows to 30 s): the store's
     * circuit breaker closes on the first call that succeeds after the reconnect, and the outage
     * drills' target is a first success within 1 s of Redis's return, which a 1 s bound missed.
     */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = delay;
      return this;
    }

    /**
     * Report sessions Redis expires to the engine's listeners, by subscribing to {@code
     * __keyevent@<db>__:expired}. Only works when the server already has keyspace notifications
     * for expired keys on ({@code notify-keyspace-events} containing {@code E} and {@code x}); the
     * store never changes server configuration. When they are off, or CONFIG is not allowed so
     * this cannot be checked, it logs once and reports nothing. Delivery is best effort (Pub/Sub
     * loses events while disconnected). Default false.
     */
    public Builder notifyExpired(boolean notify) {
      this.notifyExpired = notify;
      return this;
    }

    /**
     * How long an id stays in a principal's index after it was last indexed before {@code
     * findByPrincipal} may prune it (protects a write in flight from losing its index entry).
     * Default 1 minute; stale entries are never returned, only kept a little longer.
     */
    public Builder indexPruneGrace(Duration grace) {
      this.indexPruneGrace = grace;
      return this;
    }

    /** The clock deciding expiry; default the system clock. Must agree with the engine's clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Validates, connects and loads the scripts. */
    public RedisSessionStore build() {
      BuilderChecks.validate(this);
      return new RedisSessionStore(this);
    }
  }
}
