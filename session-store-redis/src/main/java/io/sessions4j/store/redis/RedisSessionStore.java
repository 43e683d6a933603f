package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RecordFormat.bytes;
import static io.sessions4j.store.redis.RecordFormat.text;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoreLifecycle;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
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
 */
public final class RedisSessionStore implements SessionStore, PrincipalIndex, StoreAdministration {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");

  /** Keys as UTF-8 text, values as raw bytes: the codec of every connection the store uses. */
  public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final int SCAN_PAGE = 1000;
  private static final byte[] NONE = new byte[0];
  private static final byte[] ANY_VERSION = bytes("*");

  private final KeyLayout keys;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final boolean cluster;
  private final Clock clock;
  private final long pruneGraceMillis;
  private final StatefulConnection<String, byte[]> ownedConnection;
  private final AbstractRedisClient ownedClient;
  private final ExpiredEvents expiredEvents;
  private final ExpiryNotifier expiry = new ExpiryNotifier();
  private final StoreLifecycle lifecycle = new StoreLifecycle("Redis session store");

  private RedisSessionStore(Builder b) {
    this.keys = new KeyLayout(b.keyPrefix);
    this.clock = b.clock;
    this.pruneGraceMillis = b.indexPruneGrace.toMillis();

    AbstractRedisClient client = b.client;
    AbstractRedisClient createdClient = null;
    StatefulConnection<String, byte[]> connection = b.connection;
    StatefulConnection<String, byte[]> createdConnection = null;
    boolean isCluster;
    RedisURI standaloneUri = b.uris.isEmpty() || b.cluster ? null : uriFor(b, b.uris.get(0));
    try {
      if (connection != null) {
        isCluster = connection instanceof StatefulRedisClusterConnection;
      } else {
        if (client == null) {
          createdClient = createClient(b);
          client = createdClient;
        }
        isCluster = client instanceof RedisClusterClient;
        if (isCluster) {
          createdConnection = ((RedisClusterClient) client).connect(CODEC);
        } else {
          RedisClient standalone = (RedisClient) client;
          createdConnection = standaloneUri == null
              ? standalone.connect(CODEC)
              : standalone.connect(CODEC, standaloneUri);
        }
        if (b.client != null) {
          // a caller's client keeps its own options; the store's own connection gets our timeout
          createdConnection.setTimeout(b.commandTimeout);
        }
        connection = createdConnection;
      }
      this.cluster = isCluster;
      this.redis = isCluster
          ? ((StatefulRedisClusterConnection<String, byte[]>) connection).async()
          : ((StatefulRedisConnection<String, byte[]>) connection).async();
      this.ownedConnection = createdConnection;
      this.ownedClient = createdClient;
      loadScripts(b.commandTimeout);
      this.expiredEvents = b.notifyExpired
          ? ExpiredEvents.start(client, standaloneUri, redis, keys, isCluster, b.commandTimeout, expiry::expired)
          : null;
    } catch (RuntimeException e) {
      closeQuietly(createdConnection, createdClient);
      throw e instanceof SessionStoreException s ? s
          : new SessionStoreException("could not connect the Redis session store: " + describeWithRoot(e), e);
    }
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
    return expiredEvents != null && expiredEvents.active();
  }

  // ---- SessionStore -------------------------------------------------------------------------

  /** One HGETALL. */
  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
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
    return guard("save", session.id(), () -> {
      long now = clock.millis();
      String principal = session.principal();
      boolean indexFirst = cluster && principal != null && expectedVersion == StoredSession.NEW;
      return write(session, bytes(expectedVersion), now, indexFirst);
    });
  }

  private CompletionStage<Boolean> write(StoredSession session, byte[] expected, long now, boolean indexFirst) {
    String principal = session.principal();
    CompletionStage<Void> before = indexFirst ? index(principal, session.id(), now, session) : done();
    return before
        .thenCompose(v -> runSave(session, expected, now, indexFirst))
        .thenCompose(result -> {
          if (result.status == NEEDS_INDEX) {
            // cluster: the principal changed; index first so the index never misses a live session
            return index(principal, session.id(), now, session)
                .thenCompose(v -> runSave(session, expected, now, true));
          }
          return CompletableFuture.completedFuture(result);
        })
        .thenCompose(result -> afterSave(session, result, now));
  }

  /** Like {@link #save} without the version check: one EVALSHA. */
  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return guard("set", session.id(), () -> {
      long now = clock.millis();
      return write(session, ANY_VERSION, now, false).thenApply(written -> (Void) null);
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
    return guard("update", patch.id(), () -> patch(patch, 1));
  }

  /**
   * One EVALSHA that reads and deletes the record (so of concurrent takers exactly one gets it),
   * plus one to drop the id from its principal's index when it had a principal.
   */
  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    return guard("take", id, () -> Script.TAKE.<List<Object>>run(redis, new String[] {keys.sessionKey(id)},
        bytes(RecordFormat.CURRENT_FORMAT)).thenCompose(reply -> {
          if (reply.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.<StoredSession>empty());
          }
          Map<String, byte[]> fields = RecordFormat.fieldsOf(reply);
          StoredSession record;
          try {
            record = RecordFormat.parse(id, fields);
          } catch (SessionStoreException corrupt) {
            LOG.log(Level.WARNING, corrupt.getMessage() + "; taken and dropped");
            record = null;
          }
          Optional<StoredSession> taken = record == null || record.isExpired(clock.instant())
              ? Optional.empty() : Optional.of(record);
          byte[] principal = fields.get(RecordFormat.PRINCIPAL);
          if (principal == null || principal.length == 0) {
            return CompletableFuture.completedFuture(taken);
          }
          return Script.PRUNE.<Long>run(redis, new String[] {keys.indexKey(text(principal))},
              bytes(Long.MAX_VALUE), bytes(id)).thenApply(n -> taken);
        }));
  }

  /** One EVALSHA (plus, rarely, one to keep a principal's index alive as long as the session). */
  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return guard("touch", id, () -> {
      long now = clock.millis();
      long expires = millis(expiresAt);
      return Script.TOUCH.<List<Object>>run(redis, new String[] {keys.sessionKey(id)},
          bytes(millis(accessedAt)), bytes(expires), bytes(now), bytes(expires - now),
          bytes(indexKeepAlive(expires, now)))
          .thenCompose(result -> {
            boolean touched = asLong(result.get(0)) == 1;
            String principal = asText(result.get(1));
            if (principal.isEmpty()) {
              return CompletableFuture.completedFuture(touched);
            }
            return runIndex(principal, id, now, indexKeepAlive(expires, now)).thenApply(v -> touched);
          });
    });
  }

  /** One EVALSHA (plus one to drop the id from the principal index when the session had a principal). */
  @Override
  public CompletionStage<Void> destroy(String id) {
    return guard("destroy", id, () -> Script.DESTROY.<byte[]>run(redis, new String[] {keys.sessionKey(id)})
        .thenCompose(principal -> {
          if (principal == null || principal.length == 0) {
            return done();
          }
          // ids are never reused, so the entry can go at once (no grace); through the script so
          // that every command the store sends itself is one no script runs (countable in INFO)
          return Script.PRUNE.<Long>run(redis, new String[] {keys.indexKey(text(principal))},
              bytes(Long.MAX_VALUE), bytes(id)).thenApply(n -> (Void) null);
        }));
  }

  /**
   * Counts session keys with SCAN over this store's prefix: O(all keys in the database, or in every
   * cluster node), so meant for administration and tests, not for every request.
   */
  @Override
  public CompletionStage<Long> length() {
    // SCAN may return a key more than once (while Redis rehashes): count distinct keys
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return guard("length", null, () -> scan(keys.sessionPattern(), page -> {
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
    List<StoredSession> found = java.util.Collections.synchronizedList(new ArrayList<>());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return guard("all", null, () -> scan(keys.sessionPattern(), page -> {
      List<String> ids = new ArrayList<>(page.size());
      for (String key : page) {
        String id = keys.idOf(key);
        if (id != null && seen.add(id)) {
          ids.add(id);
        }
      }
      return readAll(ids).thenAccept(records -> records.forEach(r -> {
        if (r.record != null) {
          found.add(r.record);
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
    return guard("clear", null, () -> scan(keys.everythingPattern(), page -> page.isEmpty()
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
    return guard("findByPrincipal", null, () -> {
      String indexKey = keys.indexKey(principal);
      return redis.zrange(indexKey, 0, -1).thenCompose(members -> {
        List<String> ids = new ArrayList<>(members.size());
        for (byte[] m : members) {
          ids.add(text(m));
        }
        return readAll(ids);
      }).thenCompose(reads -> {
        List<StoredSession> live = new ArrayList<>();
        List<byte[]> prune = new ArrayList<>();
        prune.add(bytes(clock.millis() - pruneGraceMillis));
        for (Read r : reads) {
          if (r.record != null && principal.equals(r.record.principal())) {
            live.add(r.record);
          } else if (!r.corrupt) {
            prune.add(bytes(r.id));
          }
        }
        if (prune.size() == 1) {
          return CompletableFuture.completedFuture(List.copyOf(live));
        }
        return Script.PRUNE.<Long>run(redis, new String[] {indexKey}, prune.toArray(new byte[0][]))
            .thenApply(n -> List.copyOf(live));
      });
    });
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
    if (expiredEvents != null) {
      expiredEvents.close();
    }
    closeQuietly(ownedConnection, ownedClient);
  }

  // ---- save internals -----------------------------------------------------------------------

  private static final long WRITTEN = 1;
  private static final long CONFLICT = 0;
  private static final long NEEDS_INDEX = -1;

  private record SaveResult(long status, String movedFrom, boolean extendIndex) {}

  private CompletionStage<SaveResult> runSave(StoredSession s, byte[] expected, long now, boolean indexed) {
    String principal = s.principal();
    long expires = millis(s.expiresAt());
    boolean atomicIndex = !cluster && principal != null;
    String[] keyArgs = atomicIndex
        ? new String[] {keys.sessionKey(s.id()), keys.indexKey(principal)}
        : new String[] {keys.sessionKey(s.id())};
    long keepAlive = indexKeepAlive(expires, now);
    List<byte[]> dataFields = RecordFormat.split(s.data());
    int format = dataFields == null ? RecordFormat.WHOLE_DOCUMENT : RecordFormat.FIELDS;
    if (dataFields == null) {
      dataFields = List.of(bytes(RecordFormat.DATA), s.data());
    }
    List<byte[]> args = new ArrayList<>(13 + dataFields.size());
    args.addAll(List.of(expected, bytes(s.version()), bytes(millis(s.createdAt())),
        bytes(millis(s.lastAccessedAt())), bytes(expires), bytes(now), bytes(expires - now),
        principal == null ? NONE : bytes(principal), bytes(indexed ? "1" : "0"),
        bytes(keepAlive), bytes(keepAlive - now), bytes(s.id()), bytes(format)));
    args.addAll(dataFields);
    return Script.SAVE.<List<Object>>run(redis, keyArgs, args.toArray(new byte[0][]))
        .thenApply(r -> new SaveResult(asLong(r.get(0)), asText(r.get(1)), asLong(r.get(2)) == 1));
  }

  private CompletionStage<Boolean> afterSave(StoredSession s, SaveResult result, long now) {
    if (result.status == CONFLICT) {
      return CompletableFuture.completedFuture(false);
    }
    if (result.status != WRITTEN) {
      throw new SessionStoreException("unexpected answer " + result.status + " from the save script");
    }
    CompletionStage<Void> chain = done();
    if (!result.movedFrom.isEmpty()) {
      // the principal changed: drop the id from the old principal's index (guarded by the grace,
      // in case a concurrent write has just indexed it there again)
      String old = result.movedFrom;
      chain = chain.thenCompose(v -> prune(old, s.id(), now));
    }
    if (result.extendIndex) {
      long keepAlive = indexKeepAlive(millis(s.expiresAt()), now);
      chain = chain.thenCompose(v -> runIndex(s.principal(), s.id(), now, keepAlive));
    }
    return chain.thenApply(v -> true);
  }

  private CompletionStage<Void> index(String principal, String id, long now, StoredSession s) {
    return runIndex(principal, id, now, indexKeepAlive(millis(s.expiresAt()), now));
  }

  private CompletionStage<Void> runIndex(String principal, String id, long now, long keepAlive) {
    return Script.INDEX.<Long>run(redis, new String[] {keys.indexKey(principal)},
        bytes(id), bytes(now), bytes(Math.max(1, keepAlive - now))).thenApply(n -> (Void) null);
  }

  /**
   * Until when a principal's index is kept alive for a session expiring at {@code expires}: twice
   * the session's remaining lifetime, so a session touched forward needs its index extended only
   * about once per expiry window (one extra command then).
   */
  static long indexKeepAlive(long expires, long now) {
    long left = Math.max(0, expires - now);
    long keepAlive = expires + left;
    return keepAlive < expires ? StoredSession.LATEST_MILLIS : Math.max(keepAlive, now + 1);
  }

  // ---- update internals ---------------------------------------------------------------------

  /** The update script's answer for a record that keeps its document whole (format 1). */
  private static final long WHOLE_DOCUMENT = -2;
  /** Conversions of a format-1 record tolerated before giving up (each lost one means another writer converted). */
  static final int MAX_CONVERSION_ATTEMPTS = 50;

  private record UpdateResult(long version, String movedFrom, String extendIndex) {}

  private CompletionStage<Long> patch(SessionPatch patch, int attempt) {
    if (!fitsFields(patch)) {
      return convert(patch, attempt); // names Redis cannot hold as UTF-8 text: the whole document
    }
    long now = clock.millis();
    long expires = millis(patch.expiresAt());
    long keepAlive = indexKeepAlive(expires, now);
    String newPrincipal = patch.principalChanged() ? patch.principal() : null;
    // cluster: the index is in another slot, so a new principal is indexed before the write
    CompletionStage<Void> before = cluster && newPrincipal != null
        ? runIndex(newPrincipal, patch.id(), now, keepAlive) : done();
    return before.thenCompose(v -> runUpdate(patch, now, expires, keepAlive, newPrincipal))
        .thenCompose(result -> {
          if (result.version == WHOLE_DOCUMENT) {
            return convert(patch, attempt);
          }
          if (result.version == StoredSession.NEW) {
            return CompletableFuture.completedFuture(StoredSession.NEW);
          }
          if (result.version < 0) {
            throw new SessionStoreException("unexpected answer " + result.version + " from the update script");
          }
          CompletionStage<Void> chain = done();
          if (!result.movedFrom.isEmpty()) {
            chain = chain.thenCompose(v -> prune(result.movedFrom, patch.id(), now));
          }
          if (!result.extendIndex.isEmpty()) {
            chain = chain.thenCompose(v -> runIndex(result.extendIndex, patch.id(), now, keepAlive));
          }
          return chain.thenApply(v -> result.version);
        });
  }

  private CompletionStage<UpdateResult> runUpdate(SessionPatch patch, long now, long expires, long keepAlive,
      String newPrincipal) {
    String[] keyArgs = !cluster && newPrincipal != null
        ? new String[] {keys.sessionKey(patch.id()), keys.indexKey(newPrincipal)}
        : new String[] {keys.sessionKey(patch.id())};
    Map<String, byte[]> values = patch.encodedValues();
    List<byte[]> args = new ArrayList<>(12 + values.size() * 3 + patch.removed().size());
    long maxAge = patch.maxAgeMillis();
    args.addAll(List.of(bytes(now), bytes(millis(patch.accessedAt())), bytes(expires), bytes(expires - now),
        bytes(keepAlive), bytes(keepAlive - now), bytes(patch.id()), bytes(patch.principalChanged() ? "1" : "0"),
        newPrincipal == null ? NONE : bytes(newPrincipal),
        maxAge == SessionPatch.KEEP ? NONE : bytes(maxAge), bytes(patch.cookieExpiresAt()),
        bytes(values.size())));
    values.forEach((name, value) -> {
      String alias = patch.aliases().get(name);
      args.add(bytes(name));
      args.add(value);
      args.add(alias == null ? NONE : bytes(alias));
    });
    for (String name : patch.removed()) {
      args.add(bytes(name));
    }
    return Script.UPDATE.<List<Object>>run(redis, keyArgs, args.toArray(new byte[0][]))
        .thenApply(r -> new UpdateResult(asLong(r.get(0)), asText(r.get(1)), asText(r.get(2))));
  }

  /**
   * Applies a patch to a record that keeps its document whole (format 1): reads it, applies the
   * patch in Java and saves the result (in format 2 when it splits) expecting the version read. A
   * lost save means another writer changed the record meanwhile, most likely converting it, so the
   * next attempt goes through the update script again.
   */
  private CompletionStage<Long> convert(SessionPatch patch, int attempt) {
    String id = patch.id();
    return redis.hgetall(keys.sessionKey(id)).thenCompose(fields -> {
      StoredSession current = RecordFormat.parse(id, fields);
      if (current == null || current.isExpired(clock.instant())) {
        return CompletableFuture.completedFuture(StoredSession.NEW);
      }
      if (RecordFormat.isFields(id, fields) && fitsFields(patch)) {
        return patch(patch, attempt + 1); // converted meanwhile
      }
      long next = current.version() + 1;
      StoredSession patched = new StoredSession(id, patch.applyTo(current.data()), current.createdAt(),
          patch.accessedAt(), patch.expiresAt(), next, patch.principalAfter(current.principal()));
      return write(patched, bytes(current.version()), clock.millis(), false).thenCompose(written -> {
        if (written) {
          return CompletableFuture.completedFuture(next);
        }
        if (attempt >= MAX_CONVERSION_ATTEMPTS) {
          throw new SessionStoreException("session " + SessionIds.redact(id) + " kept changing during "
              + attempt + " attempts to convert it from record format 1");
        }
        // a short random pause, in case the record stays whole and writers keep converging on it
        long pause = ThreadLocalRandom.current().nextLong(Math.min(32, 1L << Math.min(attempt, 5)) + 1);
        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
            .thenCompose(v -> patch(patch, attempt + 1));
      });
    });
  }

  /** True when every name and alias of the patch is text that Redis gives back unchanged. */
  private static boolean fitsFields(SessionPatch patch) {
    for (String name : patch.values().keySet()) {
      if (!RecordFormat.survivesUtf8(name)) {
        return false;
      }
    }
    for (String alias : patch.aliases().values()) {
      if (!RecordFormat.survivesUtf8(alias)) {
        return false;
      }
    }
    for (String name : patch.removed()) {
      if (!RecordFormat.survivesUtf8(name)) {
        return false;
      }
    }
    return true;
  }

  /** Drops an id from a principal's index unless it was (re)indexed within the prune grace. */
  private CompletionStage<Void> prune(String principal, String id, long now) {
    return Script.PRUNE.<Long>run(redis, new String[] {keys.indexKey(principal)},
        bytes(now - pruneGraceMillis), bytes(id)).thenApply(n -> (Void) null);
  }

  // ---- reading many -------------------------------------------------------------------------

  private record Read(String id, StoredSession record, boolean corrupt) {}

  private CompletionStage<List<Read>> readAll(List<String> ids) {
    List<CompletableFuture<Read>> reads = new ArrayList<>(ids.size());
    Instant now = clock.instant();
    for (String id : ids) {
      reads.add(redis.hgetall(keys.sessionKey(id)).toCompletableFuture().handle((fields, failure) -> {
        if (failure != null) {
          Throwable cause = unwrap(failure);
          if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
            LOG.log(Level.WARNING, "stored session " + SessionIds.redact(id) + " could not be read and is skipped: "
                + cause.getMessage());
            return new Read(id, null, true);
          }
          throw new CompletionException(cause);
        }
        try {
          StoredSession record = RecordFormat.parse(id, fields);
          return new Read(id, record == null || record.isExpired(now) ? null : record, false);
        } catch (SessionStoreException corrupt) {
          LOG.log(Level.WARNING, corrupt.getMessage() + "; skipped");
          return new Read(id, null, true);
        }
      }));
    }
    return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> reads.stream().map(CompletableFuture::join).toList());
  }

  private CompletionStage<Void> scan(String pattern, Function<List<String>, CompletionStage<Void>> onPage) {
    return scanFrom(null, ScanArgs.Builder.matches(pattern).limit(SCAN_PAGE), onPage);
  }

  private CompletionStage<Void> scanFrom(ScanCursor cursor, ScanArgs args,
      Function<List<String>, CompletionStage<Void>> onPage) {
    CompletionStage<KeyScanCursor<String>> page = cursor == null ? redis.scan(args) : redis.scan(cursor, args);
    return page.thenCompose(c -> onPage.apply(c.getKeys())
        .thenCompose(v -> c.isFinished() ? done() : scanFrom(c, args, onPage)));
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private void loadScripts(Duration timeout) {
    for (Script script : Script.ALL) {
      try {
        String sha = redis.scriptLoad(script.source).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!script.sha.equalsIgnoreCase(sha)) {
          throw new SessionStoreException("Redis computed another SHA-1 for the " + script.name + " script");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SessionStoreException("interrupted while loading the Redis scripts", e);
      } catch (ExecutionException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
          // SCRIPT may be restricted on some managed services: EVAL on first use still works
          LOG.log(Level.INFO, "SCRIPT LOAD refused (" + cause.getMessage() + "); scripts will be sent with EVAL on first use");
          return;
        }
        throw new SessionStoreException("could not load the Redis scripts: " + describe(cause), cause);
      } catch (TimeoutException e) {
        throw new SessionStoreException("Redis did not answer SCRIPT LOAD within commandTimeout " + timeout, e);
      }
    }
  }

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

  private static String describe(Throwable t) {
    return StoreFailures.describe(t);
  }

  /** The failure and, when different, its root cause (Lettuce wraps e.g. WRONGPASS in "Unable to connect"). */
  private static String describeWithRoot(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? describe(t) : describe(t) + " (" + describe(root) + ")";
  }

  static Throwable unwrap(Throwable t) {
    return StoreFailures.unwrap(t);
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static long asLong(Object o) {
    if (o instanceof Long n) {
      return n;
    }
    if (o instanceof byte[] b) {
      return Long.parseLong(text(b));
    }
    throw new SessionStoreException("unexpected script answer element " + (o == null ? "null" : o.getClass().getSimpleName()));
  }

  private static String asText(Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof byte[] b) {
      return text(b);
    }
    return o.toString();
  }

  private static long millis(Instant t) {
    try {
      return Math.min(t.toEpochMilli(), StoredSession.LATEST_MILLIS);
    } catch (ArithmeticException tooFar) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE / 4 : StoredSession.LATEST_MILLIS;
    }
  }

  private static void closeQuietly(StatefulConnection<?, ?> connection, AbstractRedisClient client) {
    if (connection != null) {
      try {
        connection.close();
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "closing the Redis connection failed: " + e);
      }
    }
    if (client != null) {
      try {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "shutting down the Redis client failed: " + e);
      }
      try {
        // the store's own client runs on resources the store created (see createClient)
        client.getResources().shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "shutting down the Redis client resources failed: " + e);
      }
    }
  }

  private static RedisURI uriFor(Builder b, String text) {
    RedisURI uri = RedisURI.create(text);
    uri.setTimeout(b.commandTimeout);
    return uri;
  }

  private static AbstractRedisClient createClient(Builder b) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(b.connectTimeout).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(b.commandTimeout);
    // Lettuce's default reconnect back-off doubles up to 30 s, so after an outage of a few seconds
    // the next attempt may come long after Redis is back; bound it (closed with the client)
    ClientResources resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ZERO, b.maxReconnectDelay, 2, java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
    try {
      if (b.cluster) {
        List<RedisURI> seeds = b.uris.stream().map(u -> uriFor(b, u)).toList();
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
            .socketOptions(socket)
            // Lettuce 7 follows failovers and resharding by default (all adaptive refresh triggers on)
            .timeoutOptions(timeouts)
            .build());
        return client;
      }
      RedisClient client = RedisClient.create(resources);
      client.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts).build());
      return client;
    } catch (RuntimeException | Error e) {
      resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
  }

  private static final java.util.Set<String> CLUSTER_SCHEMES = java.util.Set.of("redis", "rediss", "redis+ssl", "redis+tls");
  private static final java.util.Set<String> STANDALONE_SCHEMES = java.util.Set.of("redis-sentinel", "rediss-sentinel");

  /** Builds a {@link RedisSessionStore}; {@link #build()} connects and fails fast when Redis is unreachable. */
  public static final class Builder {
    private final List<String> uris = new ArrayList<>();
    private boolean cluster;
    private AbstractRedisClient client;
    private StatefulConnection<String, byte[]> connection;
    private String keyPrefix = "sessions4j:";
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private Duration maxReconnectDelay = Duration.ofSeconds(1);
    private boolean notifyExpired;
    private Duration indexPruneGrace = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();

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
     * this long after Redis is. Default 1 s (Lettuce's own default grows to 30 s).
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
      int sources = (uris.isEmpty() ? 0 : 1) + (client == null ? 0 : 1) + (connection == null ? 0 : 1);
      require(sources > 0, "set uri(...), client(...) or connection(...)");
      require(connection == null || (uris.isEmpty() && client == null),
          "connection(...) is used as is: do not also set uri(...) or client(...)");
      require(client == null || client instanceof RedisClient || client instanceof RedisClusterClient,
          "client must be a RedisClient or a RedisClusterClient");
      require(client == null || !(client instanceof RedisClusterClient) || uris.isEmpty(),
          "a RedisClusterClient already knows its seed nodes: do not also set uri(...)");
      require(client == null || !cluster || client instanceof RedisClusterClient,
          "cluster(true) with a RedisClient: pass a RedisClusterClient instead");
      require(connection == null || !cluster || connection instanceof StatefulRedisClusterConnection,
          "cluster(true) with a standalone connection: pass a StatefulRedisClusterConnection");
      require(uris.size() <= 1 || cluster || client != null,
          "several URIs are seed nodes of a Redis Cluster: set cluster(true)");
      for (String u : uris) {
        String scheme = u.contains("://") ? u.substring(0, u.indexOf("://")) : "";
        require(CLUSTER_SCHEMES.contains(scheme) || (!cluster && STANDALONE_SCHEMES.contains(scheme)),
            "uri must start with redis:// or rediss://" + (cluster ? "" : " (or redis-sentinel:// / rediss-sentinel://)")
                + ", was " + redactUri(u));
        RedisURI parsed;
        try {
          parsed = RedisURI.create(u);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Invalid Redis session store configuration: uri "
              + redactUri(u) + " is not a valid Redis URI", e);
        }
        require(!cluster || parsed.getDatabase() == 0, "Redis Cluster has only database 0: remove /"
            + parsed.getDatabase() + " from " + redactUri(u));
      }
      require(keyPrefix != null && !keyPrefix.isEmpty(),
          "keyPrefix must not be empty: clear() deletes every key under the prefix");
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(commandTimeout, "commandTimeout");
      requirePositive(maxReconnectDelay, "maxReconnectDelay");
      require(indexPruneGrace != null && !indexPruneGrace.isNegative(), "indexPruneGrace must be zero or positive");
      require(!notifyExpired || connection == null,
          "notifyExpired needs a Pub/Sub connection: pass uri(...) or client(...) instead of connection(...)");
      return new RedisSessionStore(this);
    }

    private static void requirePositive(Duration d, String option) {
      require(d != null && !d.isNegative() && !d.isZero(), option + " must be a positive duration, was " + d);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException("Invalid Redis session store configuration: " + message);
      }
    }
  }

  /** A URI for messages: the user-info part (user and password) replaced. */
  static String redactUri(String uri) {
    if (uri == null) {
      return "null";
    }
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = uri.length();
    for (int i = start; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    int at = uri.lastIndexOf('@', end - 1);
    if (at < start) {
      return uri;
    }
    return uri.substring(0, start) + "***@" + uri.substring(at + 1);
  }
}
