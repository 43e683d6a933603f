package io.sessions4j.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.ScrubbedException;
import io.sessions4j.core.store.SessionStoreException;
import io.sessions4j.core.store.StoreFailures;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * The Redis store's connection: the client and connection it opens from its builder (or the
 * caller's, adopted as they are), the scripts loaded on it, the optional expired-events
 * subscription, and closing exactly what the store created itself.
 */
final class RedisConnection {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");

  /** The commands every part of the store sends (standalone connections expose the same API). */
  final RedisClusterAsyncCommands<String, byte[]> redis;
  /** True when the connection talks to Redis Cluster. */
  final boolean cluster;
  /** The expired-events subscription, or null when {@code notifyExpired} was not asked. */
  final ExpiredEvents expiredEvents;
  private final StatefulConnection<String, byte[]> ownedConnection;
  private final AbstractRedisClient ownedClient;

  /** Connects (or adopts the caller's client or connection) and loads the scripts; fails fast. */
  RedisConnection(RedisSessionStore.Builder b, KeyLayout keys, ExpiryNotifier expiry) {
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
          createdConnection = ((RedisClusterClient) client).connect(RedisSessionStore.CODEC);
        } else {
          RedisClient standalone = (RedisClient) client;
          createdConnection = standaloneUri == null
              ? standalone.connect(RedisSessionStore.CODEC)
              : standalone.connect(RedisSessionStore.CODEC, standaloneUri);
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
      Script.loadAll(redis, b.commandTimeout);
      this.expiredEvents = b.notifyExpired
          ? ExpiredEvents.start(client, standaloneUri, redis, keys, isCluster, b.commandTimeout, expiry::expired)
          : null;
    } catch (RuntimeException e) {
      closeQuietly(createdConnection, createdClient);
      throw e instanceof SessionStoreException s ? s
          : new SessionStoreException("could not connect the Redis session store: " + describeWithRoot(e),
              ScrubbedException.of(e));
    }
  }

  /** Stops the expired-events subscription and closes the connection and client the store created. */
  void close() {
    if (expiredEvents != null) {
      expiredEvents.close();
    }
    closeQuietly(ownedConnection, ownedClient);
  }

  /** The failure and, when different, its root cause (Lettuce wraps e.g. WRONGPASS in "Unable to connect"). */
  private static String describeWithRoot(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? StoreFailures.describe(t) : StoreFailures.describe(t) + " (" + StoreFailures.describe(root) + ")";
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

  private static RedisURI uriFor(RedisSessionStore.Builder b, String text) {
    RedisURI uri = RedisURI.create(text);
    uri.setTimeout(b.commandTimeout);
    return uri;
  }

  private static AbstractRedisClient createClient(RedisSessionStore.Builder b) {
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
}
