package io.sessions4j.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;

/**
 * Checks a {@link RedisSessionStore.Builder}'s options before it connects, with messages that
 * never show a URI's user or password.
 */
final class BuilderChecks {
  private static final java.util.Set<String> CLUSTER_SCHEMES = java.util.Set.of("redis", "rediss", "redis+ssl", "redis+tls");
  private static final java.util.Set<String> STANDALONE_SCHEMES = java.util.Set.of("redis-sentinel", "rediss-sentinel");

  private BuilderChecks() {}

  /** Throws {@link IllegalArgumentException} naming the first option that does not fit. */
  static void validate(RedisSessionStore.Builder b) {
    int sources = (b.uris.isEmpty() ? 0 : 1) + (b.client == null ? 0 : 1) + (b.connection == null ? 0 : 1);
    require(sources > 0, "set uri(...), client(...) or connection(...)");
    require(b.connection == null || (b.uris.isEmpty() && b.client == null),
        "connection(...) is used as is: do not also set uri(...) or client(...)");
    require(b.client == null || b.client instanceof RedisClient || b.client instanceof RedisClusterClient,
        "client must be a RedisClient or a RedisClusterClient");
    require(b.client == null || !(b.client instanceof RedisClusterClient) || b.uris.isEmpty(),
        "a RedisClusterClient already knows its seed nodes: do not also set uri(...)");
    require(b.client == null || !b.cluster || b.client instanceof RedisClusterClient,
        "cluster(true) with a RedisClient: pass a RedisClusterClient instead");
    require(b.connection == null || !b.cluster || b.connection instanceof StatefulRedisClusterConnection,
        "cluster(true) with a standalone connection: pass a StatefulRedisClusterConnection");
    require(b.uris.size() <= 1 || b.cluster || b.client != null,
        "several URIs are seed nodes of a Redis Cluster: set cluster(true)");
    for (String u : b.uris) {
      String scheme = u.contains("://") ? u.substring(0, u.indexOf("://")) : "";
      require(CLUSTER_SCHEMES.contains(scheme) || (!b.cluster && STANDALONE_SCHEMES.contains(scheme)),
          "uri must start with redis:// or rediss://" + (b.cluster ? "" : " (or redis-sentinel:// / rediss-sentinel://)")
              + ", was " + redactUri(u));
      RedisURI parsed;
      try {
        parsed = RedisURI.create(u);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid Redis session store configuration: uri "
            + redactUri(u) + " is not a valid Redis URI", e);
      }
      require(!b.cluster || parsed.getDatabase() == 0, "Redis Cluster has only database 0: remove /"
          + parsed.getDatabase() + " from " + redactUri(u));
    }
    require(b.keyPrefix != null && !b.keyPrefix.isEmpty(),
        "keyPrefix must not be empty: clear() deletes every key under the prefix");
    requirePositive(b.connectTimeout, "connectTimeout");
    requirePositive(b.commandTimeout, "commandTimeout");
    requirePositive(b.maxReconnectDelay, "maxReconnectDelay");
    require(b.indexPruneGrace != null && !b.indexPruneGrace.isNegative(), "indexPruneGrace must be zero or positive");
    require(!b.notifyExpired || b.connection == null,
        "notifyExpired needs a Pub/Sub connection: pass uri(...) or client(...) instead of connection(...)");
  }

  private static void requirePositive(Duration d, String option) {
    require(d != null && !d.isNegative() && !d.isZero(), option + " must be a positive duration, was " + d);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid Redis session store configuration: " + message);
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
