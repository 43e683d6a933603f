package io.sessions4j.quarkus.redis;

import io.quarkus.arc.DefaultBean;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.RedisSessionStore;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Puts the sessions of a Quarkus application in Redis: a {@link SessionStore} bean, which
 * adapter-quarkus's property-built configuration picks up, built from the application's Redis
 * configuration ({@code quarkus.redis.hosts}, {@code quarkus.redis.client-type}, {@code
 * quarkus.redis.password}; Dev Services set these in dev and test mode) and the {@code
 * sessions4j.redis.*} options ({@link RedisStoreSettings}). Depending on this module is the whole
 * setup.
 *
 * <p>The store is session-store-redis's {@link RedisSessionStore} from its Lettuce 6 line
 * (session-store-redis-lettuce6, on the Netty 4.1 Quarkus 3 runs on): the same keys, records and
 * scripts as everywhere else, so other services on the Lettuce 7 line share the sessions. It opens
 * its own connection, next to the Quarkus Redis client's. A {@code SessionStore} bean of the
 * application replaces this default one. Missing or wrong settings stop the application at
 * startup, naming the property.
 */
@Singleton
public class RedisStoreProducer {

  /** The store, connected at startup (fails fast when Redis cannot be reached). */
  @Produces
  @Singleton
  @DefaultBean
  public SessionStore redisSessionStore(Config config) {
    return RedisStoreSettings.from(config).build();
  }

  void close(@Disposes SessionStore store) {
    store.close();
  }
}
