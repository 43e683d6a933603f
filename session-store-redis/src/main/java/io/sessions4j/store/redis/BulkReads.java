package io.sessions4j.store.redis;

import static io.sessions4j.store.redis.RecordFormat.bytes;
import static io.sessions4j.store.redis.RecordFormat.text;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.sessions4j.core.id.SessionIds;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreFailures;
import io.sessions4j.core.store.StoredSession;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The Redis store's reads of many records: walking its keys with SCAN and reading a list of
 * sessions at once, for {@code length}, {@code all}, {@code clear} and {@code findByPrincipal}.
 */
final class BulkReads {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");
  private static final int SCAN_PAGE = 1000;

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final KeyLayout keys;
  private final Clock clock;
  private final long pruneGraceMillis;

  BulkReads(RedisClusterAsyncCommands<String, byte[]> redis, KeyLayout keys, Clock clock, long pruneGraceMillis) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.pruneGraceMillis = pruneGraceMillis;
  }

  /**
   * The live sessions indexed under {@code principal} (see {@link RedisSessionStore#findByPrincipal}),
   * pruning the index of ids last indexed more than the prune grace ago whose session is gone.
   */
  CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    String indexKey = keys.indexKey(principal);
    return redis.zrange(indexKey, 0, -1).thenCompose(members -> {
      List<String> ids = new ArrayList<>(members.size());
      for (byte[] m : members) {
        ids.add(text(m));
      }
      return readAll(ids);
    }).thenCompose(found -> {
      List<StoredSession> live = new ArrayList<>();
      List<byte[]> prune = new ArrayList<>();
      prune.add(bytes(clock.millis() - pruneGraceMillis));
      for (Read r : found) {
        if (r.record() != null && principal.equals(r.record().principal())) {
          live.add(r.record());
        } else if (!r.corrupt()) {
          prune.add(bytes(r.id()));
        }
      }
      if (prune.size() == 1) {
        return CompletableFuture.completedFuture(List.copyOf(live));
      }
      return Script.PRUNE.<Long>run(redis, new String[] {indexKey}, prune.toArray(new byte[0][]))
          .thenApply(n -> List.copyOf(live));
    });
  }

  /** One record read: null when gone or expired; {@code corrupt} when it could not be read. */
  record Read(String id, StoredSession record, boolean corrupt) {}

  /** One HGETALL per id, pipelined; unreadable records are logged and marked corrupt. */
  CompletionStage<List<Read>> readAll(List<String> ids) {
    List<CompletableFuture<Read>> reads = new ArrayList<>(ids.size());
    Instant now = clock.instant();
    for (String id : ids) {
      reads.add(redis.hgetall(keys.sessionKey(id)).toCompletableFuture().handle((fields, failure) -> {
        if (failure != null) {
          Throwable cause = StoreFailures.unwrap(failure);
          if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
            LOG.log(Level.WARNING, "stored session " + SessionIds.redact(id) + " could not be read and is skipped: "
                + StoreFailures.describe(cause));
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

  /** SCANs the keys matching {@code pattern}, page by page (a key may come more than once). */
  CompletionStage<Void> scan(String pattern, Function<List<String>, CompletionStage<Void>> onPage) {
    return scanFrom(null, ScanArgs.Builder.matches(pattern).limit(SCAN_PAGE), onPage);
  }

  private CompletionStage<Void> scanFrom(ScanCursor cursor, ScanArgs args,
      Function<List<String>, CompletionStage<Void>> onPage) {
    CompletionStage<KeyScanCursor<String>> page = cursor == null ? redis.scan(args) : redis.scan(cursor, args);
    return page.thenCompose(c -> onPage.apply(c.getKeys())
        .thenCompose(v -> c.isFinished() ? ScriptValues.done() : scanFrom(c, args, onPage)));
  }
}
