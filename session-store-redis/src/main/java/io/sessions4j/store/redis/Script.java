package io.sessions4j.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreFailures;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Lua script, run by its SHA-1 (EVALSHA: one command, no script text on the wire) and resent as
 * EVAL when the server answers NOSCRIPT (after a restart, a failover or SCRIPT FLUSH), which also
 * caches it again on that server.
 *
 * <p>Every script takes only declared keys, all sharing one hash tag, so it runs in Redis Cluster.
 */
final class Script {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");

  final String name;
  final String source;
  final String sha;
  private final ScriptOutputType output;

  Script(String name, ScriptOutputType output, String source) {
    this.name = name;
    this.output = output;
    this.source = source;
    this.sha = sha1(source);
  }

  <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, byte[]> redis, String[] keys, byte[]... args) {
    CompletionStage<T> bySha = redis.<T>evalsha(sha, output, keys, args);
    return bySha.handle((result, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(result);
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof RedisNoScriptException) {
        return redis.<T>eval(source, output, keys, args).toCompletableFuture();
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  /**
   * Loads every script with SCRIPT LOAD and checks Redis computed the same SHA-1. When SCRIPT is
   * refused (some managed services), it logs once and leaves the scripts to EVAL on first use.
   */
  static void loadAll(RedisClusterAsyncCommands<String, byte[]> redis, Duration timeout) {
    for (Script script : ALL) {
      try {
        String sha = redis.scriptLoad(script.source).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!script.sha.equalsIgnoreCase(sha)) {
          throw new SessionStoreException("Redis computed another SHA-1 for the " + script.name + " script");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SessionStoreException("interrupted while loading the Redis scripts", e);
      } catch (ExecutionException e) {
        Throwable cause = StoreFailures.unwrap(e);
        if (cause instanceof io.lettuce.core.RedisCommandExecutionException) {
          // SCRIPT may be restricted on some managed services: EVAL on first use still works
          LOG.log(Level.INFO, "SCRIPT LOAD refused (" + cause.getMessage() + "); scripts will be sent with EVAL on first use");
          return;
        }
        throw new SessionStoreException("could not load the Redis scripts: " + StoreFailures.describe(cause), cause);
      } catch (TimeoutException e) {
        throw new SessionStoreException("Redis did not answer SCRIPT LOAD within commandTimeout " + timeout, e);
      }
    }
  }

  private static String sha1(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  // ---- the scripts --------------------------------------------------------------------------
  // Arguments are passed and stored as strings, never as Lua numbers: Lua formats large numbers
  // with exponents, which would corrupt epoch-millisecond fields.

  /**
   * Versioned write of a whole record (it replaces every field). KEYS[1] session; KEYS[2]
   * (optional) principal index, given when the store maintains the index atomically (standalone).
   * ARGV: 1 expected version ("0" = must not exist, "*" = any), 2 new version, 3 createdAt,
   * 4 lastAccessedAt, 5 expiresAt, 6 now, 7 ttl ms, 8 principal ("" none), 9 "1" when the caller
   * already indexed the id under the principal, 10 index keep-alive until (ms), 11 index ttl ms,
   * 12 id, 13 format, 14.. the data fields as name, value pairs (format 2: a:/t:/m/k; format 1: d).
   * Returns {status, previous principal when it changed or "", extend index flag}; status 1
   * written, 0 version conflict, -1 the principal's index must be written first (cluster).
   */
  static final Script SAVE = new Script("save", ScriptOutputType.MULTI, """
      local k = KEYS[1]
      local cur = redis.call('HMGET', k, 'v', 'e', 'p', 'ix')
      local now = tonumber(ARGV[6])
      local exp = tonumber(cur[2])
      local live = cur[1] and exp and exp > now
      if ARGV[1] == '*' then
        -- unconditional upsert
      elseif ARGV[1] == '0' then
        if live then return {0, '', 0} end
      elseif not live or cur[1] ~= ARGV[1] then
        return {0, '', 0}
      end
      local p = ARGV[8]
      local oldp = ''
      local ix = '0'
      if live then
        oldp = cur[3] or ''
        ix = cur[4] or '0'
      end
      local extend = 0
      if p ~= '' then
        if KEYS[2] then
          redis.call('ZADD', KEYS[2], ARGV[6], ARGV[12])
          if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[11]) then
            redis.call('PEXPIRE', KEYS[2], ARGV[11])
          end
          ix = ARGV[10]
        elseif ARGV[9] == '1' then
          ix = ARGV[10]
        elseif oldp ~= p then
          return {-1, '', 0}
        elseif (tonumber(ix) or 0) < tonumber(ARGV[5]) then
          ix = ARGV[10]
          extend = 1
        end
      end
      redis.call('DEL', k)
      if tonumber(ARGV[7]) <= 0 then
        -- written already expired: nothing to keep
      else
        if p == '' then
          redis.call('HSET', k, 'c', ARGV[3], 'a', ARGV[4], 'e', ARGV[5], 'v', ARGV[2], 'f', ARGV[13])
        else
          redis.call('HSET', k, 'c', ARGV[3], 'a', ARGV[4], 'e', ARGV[5], 'v', ARGV[2], 'f', ARGV[13],
            'p', p, 'ix', ix)
        end
        -- the data fields in chunks: unpack has a limit of a few thousand values
        local i = 14
        while i <= #ARGV do
          local j = math.min(i + 199, #ARGV)
          redis.call('HSET', k, unpack(ARGV, i, j))
          i = j + 1
        end
        redis.call('PEXPIRE', k, ARGV[7])
      end
      local moved = ''
      if oldp ~= '' and oldp ~= p then moved = oldp end
      return {1, moved, extend}
      """);

  /**
   * Applies one request's attribute patch to a live format-2 record: writers of one session queue
   * in Redis, nothing is read back or retried. KEYS[1] session; KEYS[2] (optional, standalone) the
   * new principal's index. ARGV: 1 now, 2 lastAccessedAt, 3 expiresAt, 4 ttl ms, 5 index keep-alive
   * until (ms), 6 index ttl ms, 7 id, 8 "1" when the principal changes, 9 the new principal ("" none;
   * on a cluster the caller has already indexed it), 10 max age ("" keep, "-1" unset), 11 renew mark
   * ("-1" none; the later of it and the stored one is kept), 12 number of set attributes, then per
   * set attribute: name, JSON value, alias ("" none), then the names of removed attributes.
   * Returns {new version, previous principal when it changed or "", principal whose index must be
   * kept alive longer or ""}; the version is 0 when no live record exists (nothing written) and -2
   * when the record keeps its document whole (format 1: the caller converts it).
   */
  static final Script UPDATE = new Script("update", ScriptOutputType.MULTI, """
      local k = KEYS[1]
      local cur = redis.call('HMGET', k, 'v', 'e', 'p', 'ix', 'f', 'k')
      local exp = tonumber(cur[2])
      if not cur[1] or not exp or exp <= tonumber(ARGV[1]) then return {0, '', ''} end
      if cur[5] ~= '2' then return {-2, '', ''} end
      local oldp = cur[3] or ''
      local p = oldp
      local ix = cur[4] or '0'
      local extend = ''
      if ARGV[8] == '1' then p = ARGV[9] end
      if p ~= '' then
        if ARGV[8] == '1' then
          if KEYS[2] then
            redis.call('ZADD', KEYS[2], ARGV[1], ARGV[7])
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then
              redis.call('PEXPIRE', KEYS[2], ARGV[6])
            end
          end
          ix = ARGV[5]
        elseif (tonumber(ix) or 0) < tonumber(ARGV[3]) then
          ix = ARGV[5]
          extend = p
        end
      end
      local n = tonumber(ARGV[12])
      local i = 13
      for _ = 1, n do
        local name = ARGV[i]
        redis.call('HSET', k, 'a:' .. name, ARGV[i + 1])
        if ARGV[i + 2] == '' then
          redis.call('HDEL', k, 't:' .. name)
        else
          redis.call('HSET', k, 't:' .. name, ARGV[i + 2])
        end
        i = i + 3
      end
      while i <= #ARGV do
        redis.call('HDEL', k, 'a:' .. ARGV[i], 't:' .. ARGV[i])
        i = i + 1
      end
      if ARGV[10] == '-1' then
        redis.call('HDEL', k, 'm')
      elseif ARGV[10] ~= '' then
        redis.call('HSET', k, 'm', ARGV[10])
      end
      if tonumber(ARGV[11]) > (tonumber(cur[6]) or -1) then
        redis.call('HSET', k, 'k', ARGV[11])
      end
      if p == '' then
        redis.call('HDEL', k, 'p', 'ix')
        redis.call('HSET', k, 'a', ARGV[2], 'e', ARGV[3])
      else
        redis.call('HSET', k, 'a', ARGV[2], 'e', ARGV[3], 'p', p, 'ix', ix)
      end
      local version = redis.call('HINCRBY', k, 'v', 1)
      if tonumber(ARGV[4]) > 0 then
        redis.call('PEXPIRE', k, ARGV[4])
      else
        redis.call('DEL', k)
      end
      local moved = ''
      if oldp ~= '' and oldp ~= p then moved = oldp end
      return {version, moved, extend}
      """);

  /**
   * Removes a record and returns all its fields (a flat name, value list like HGETALL's; empty
   * when there was no record). A record of a format newer than ARGV[1] is left alone and reported as an error.
   * KEYS[1] session. Expiry and the principal index are the caller's business.
   */
  static final Script TAKE = new Script("take", ScriptOutputType.MULTI, """
      local k = KEYS[1]
      local f = tonumber(redis.call('HGET', k, 'f'))
      if f and f > tonumber(ARGV[1]) then
        return redis.error_reply('stored session record format ' .. f .. ' is newer than this sessions4j reads')
      end
      -- HKEYS and HMGET, not HGETALL: HGETALL stays a command only the store itself sends, so the
      -- store's round trips can be counted on the server (CommandsPerRequestTest)
      local names = redis.call('HKEYS', k)
      local all = {}
      for i = 1, #names, 500 do
        local j = math.min(i + 499, #names)
        local values = redis.call('HMGET', k, unpack(names, i, j))
        for n = i, j do
          all[#all + 1] = names[n]
          all[#all + 1] = values[n - i + 1]
        end
      end
      if #names > 0 then redis.call('DEL', k) end
      return all
      """);

  /**
   * Moves the expiry of a live record; never creates one. KEYS[1] session. ARGV: 1 lastAccessedAt,
   * 2 expiresAt, 3 now, 4 ttl ms, 5 index keep-alive until (ms). Returns {touched 0/1, principal
   * whose index must be kept alive longer, or ""}.
   */
  static final Script TOUCH = new Script("touch", ScriptOutputType.MULTI, """
      local k = KEYS[1]
      local cur = redis.call('HMGET', k, 'v', 'e', 'p', 'ix')
      local exp = tonumber(cur[2])
      if not cur[1] or not exp or exp <= tonumber(ARGV[3]) then return {0, ''} end
      if tonumber(ARGV[4]) <= 0 then
        redis.call('DEL', k)
        return {1, ''}
      end
      redis.call('HSET', k, 'a', ARGV[1], 'e', ARGV[2])
      redis.call('PEXPIRE', k, ARGV[4])
      if cur[3] and (tonumber(cur[4]) or 0) < tonumber(ARGV[2]) then
        redis.call('HSET', k, 'ix', ARGV[5])
        return {1, cur[3]}
      end
      return {1, ''}
      """);

  /** Deletes a record. KEYS[1] session. Returns the principal it was indexed under, or "". */
  static final Script DESTROY = new Script("destroy", ScriptOutputType.VALUE, """
      local k = KEYS[1]
      local p = false
      if redis.call('TYPE', k)['ok'] == 'hash' then p = redis.call('HGET', k, 'p') end
      redis.call('DEL', k)
      return p or ''
      """);

  /**
   * Adds an id to a principal index and keeps the index alive at least as long as asked.
   * KEYS[1] index. ARGV: 1 id, 2 now (the member's score), 3 ttl ms.
   */
  static final Script INDEX = new Script("index", ScriptOutputType.INTEGER, """
      redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
      if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
      end
      return 1
      """);

  /**
   * Removes stale ids from a principal index, but only ids not (re)indexed after the cutoff, so an
   * id indexed by a write in flight is never pruned (given a grace). With no grace the cutoff is
   * now, and an id indexed in this very millisecond goes too. KEYS[1] index. ARGV: 1 cutoff ms,
   * 2.. ids.
   */
  static final Script PRUNE = new Script("prune", ScriptOutputType.INTEGER, """
      local n = 0
      local cutoff = tonumber(ARGV[1])
      for i = 2, #ARGV do
        local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
        if score and tonumber(score) <= cutoff then
          n = n + redis.call('ZREM', KEYS[1], ARGV[i])
        end
      end
      return n
      """);

  static final Script[] ALL = {SAVE, UPDATE, TAKE, TOUCH, DESTROY, INDEX, PRUNE};
}
