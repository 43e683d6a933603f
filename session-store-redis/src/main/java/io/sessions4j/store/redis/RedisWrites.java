package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RecordFormat.bytes;
import static io.sessions4j.store.redis.RecordFormat.text;
import static io.sessions4j.store.redis.ScriptValues.NONE;
import static io.sessions4j.store.redis.ScriptValues.asLong;
import static io.sessions4j.store.redis.ScriptValues.asText;
import static io.sessions4j.store.redis.ScriptValues.done;
import static io.sessions4j.store.redis.ScriptValues.millis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Redis store's write path: the versioned save of a whole record, the update script applying a
 * patch to the record's fields, the one-time conversion of a format-1 record, touch, take and
 * destroy, and the principal index kept beside them (written atomically on standalone Redis, before
 * the write on a cluster, pruned after a principal change).
 */
final class RedisWrites {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final KeyLayout keys;
  private final boolean cluster;
  private final Clock clock;
  private final long pruneGraceMillis;

  RedisWrites(RedisClusterAsyncCommands<String, byte[]> redis, KeyLayout keys, boolean cluster, Clock clock,
      long pruneGraceMillis) {
    this.redis = redis;
    this.keys = keys;
    this.cluster = cluster;
    this.clock = clock;
    this.pruneGraceMillis = pruneGraceMillis;
  }

  /**
   * A versioned write of a whole record ({@code expected} a version, or {@code *} for any); on a
   * cluster the principal's index, in another slot, is written first when it changes.
   */
  CompletionStage<Boolean> write(StoredSession session, byte[] expected, long now, boolean indexFirst) {
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

  /** Indexes an id under a principal, keeping the index alive until {@code keepAlive}. */
  CompletionStage<Void> runIndex(String principal, String id, long now, long keepAlive) {
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

  /** Applies a patch with the update script (see {@link RedisSessionStore#update}). */
  CompletionStage<Long> update(SessionPatch patch) {
    return patch(patch, 1);
  }

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

  /** Reads and deletes a record in one script, then drops its id from its principal's index. */
  CompletionStage<Optional<StoredSession>> take(String id) {
    return Script.TAKE.<List<Object>>run(redis, new String[] {keys.sessionKey(id)},
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
    });
  }

  /** Moves a record's times and TTL on, keeping its principal's index alive as long as the session. */
  CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
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
  }

  /** Deletes a record, then drops its id from its principal's index. */
  CompletionStage<Void> destroy(String id) {
    return Script.DESTROY.<byte[]>run(redis, new String[] {keys.sessionKey(id)}).thenCompose(principal -> {
      if (principal == null || principal.length == 0) {
        return done();
      }
      // ids are never reused, so the entry can go at once (no grace); through the script so
      // that every command the store sends itself is one no script runs (countable in INFO)
      return Script.PRUNE.<Long>run(redis, new String[] {keys.indexKey(text(principal))},
          bytes(Long.MAX_VALUE), bytes(id)).thenApply(n -> (Void) null);
    });
  }
}
