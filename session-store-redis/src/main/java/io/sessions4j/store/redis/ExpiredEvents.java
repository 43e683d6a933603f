package io.sessions4j.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sessions4j.core.store.StoreFailures;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Optional expired events: a Pub/Sub subscription to {@code __keyevent@<db>__:expired}, opened only
 * when the server already publishes those events. The store never runs CONFIG SET: many managed
 * Redis services forbid it, and turning notifications on for a shared server is an operator's
 * decision. Expiry itself never depends on this (keys expire by their TTL).
 */
final class ExpiredEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.store.redis.RedisSessionStore");

  private final StatefulRedisPubSubConnection<String, byte[]> connection;

  private ExpiredEvents(StatefulRedisPubSubConnection<String, byte[]> connection) {
    this.connection = connection;
  }

  boolean active() {
    return connection != null && connection.isOpen();
  }

  /**
   * Subscribes when the server publishes expired-key events; otherwise logs why not, once, and
   * returns an inactive instance.
   *
   * @param uri the standalone server's URI, or null to use the client's default URI (and ask the
   *     server which database the store's connection uses)
   */
  static ExpiredEvents start(AbstractRedisClient client, RedisURI uri, RedisClusterAsyncCommands<String, byte[]> redis,
      KeyLayout keys, boolean cluster, Duration timeout, Consumer<String> onExpired) {
    String flags;
    try {
      Map<String, String> config = redis.configGet("notify-keyspace-events").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      flags = config.getOrDefault("notify-keyspace-events", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExpiredEvents(null);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "notifyExpired: CONFIG GET notify-keyspace-events is not allowed on this server ("
          + StoreFailures.unwrap(e).getMessage() + "), so expired events cannot be confirmed and are off; "
          + "sessions still expire by their TTL");
      return new ExpiredEvents(null);
    }
    if (!publishesExpired(flags)) {
      LOG.log(Level.WARNING, "notifyExpired: the server's notify-keyspace-events is '" + flags
          + "', without expired-key events (needs E and x, e.g. 'Ex'); expired events are off. "
          + "The store never changes server configuration; sessions still expire by their TTL");
      return new ExpiredEvents(null);
    }
    int db = cluster ? 0 : uri != null ? uri.getDatabase() : databaseOfConnection(redis, timeout);
    String channel = "__keyevent@" + db + "__:expired";
    Consumer<byte[]> handle = message -> {
      String id = keys.idOf(new String(message, StandardCharsets.UTF_8));
      if (id != null) {
        onExpired.accept(id);
      }
    };
    try {
      if (cluster) {
        StatefulRedisClusterPubSubConnection<String, byte[]> pubsub =
            ((RedisClusterClient) client).connectPubSub(RedisSessionStore.CODEC);
        // keyspace events are local to each node: listen on every primary
        pubsub.setNodeMessagePropagation(true);
        pubsub.addListener(new RedisClusterPubSubAdapter<>() {
          @Override
          public void message(io.lettuce.core.cluster.models.partitions.RedisClusterNode node, String ch, byte[] message) {
            if (channel.equals(ch)) {
              handle.accept(message);
            }
          }
        });
        pubsub.async().upstream().commands().subscribe(channel).toCompletableFuture()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new ExpiredEvents(pubsub);
      }
      RedisClient standalone = (RedisClient) client;
      StatefulRedisPubSubConnection<String, byte[]> pubsub = uri == null
          ? standalone.connectPubSub(RedisSessionStore.CODEC)
          : standalone.connectPubSub(RedisSessionStore.CODEC, uri);
      pubsub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, byte[] message) {
          if (channel.equals(ch)) {
            handle.accept(message);
          }
        }
      });
      pubsub.async().subscribe(channel).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ExpiredEvents(pubsub);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExpiredEvents(null);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "notifyExpired: could not subscribe to " + channel + " ("
          + StoreFailures.unwrap(e) + "); expired events are off");
      return new ExpiredEvents(null);
    }
  }

  /** {@code E} (keyevent channel) and {@code x} (expired) or {@code A} (all, which includes x). */
  static boolean publishesExpired(String flags) {
    return flags.indexOf('E') >= 0 && (flags.indexOf('x') >= 0 || flags.indexOf('A') >= 0);
  }

  private static int databaseOfConnection(RedisClusterAsyncCommands<String, byte[]> redis, Duration timeout) {
    try {
      String info = redis.clientInfo().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (String part : info.trim().split(" ")) {
        if (part.startsWith("db=")) {
          return Integer.parseInt(part.substring(3));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "CLIENT INFO failed; assuming database 0: " + e);
    }
    return 0;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
  }
}
