package io.sessions4j.nodeinterop;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.KoaRedisStore;

/**
 * The store conformance suite against {@link KoaRedisStore} (koa-redis's layout). The suite's ids are
 * not UUIDs, so the admin scan is given the prefix.
 */
class KoaRedisStoreConformanceTest extends NodeRedisStoreConformance {
  @Override
  String prefix() {
    return "conformance-koa.";
  }

  @Override
  SessionStore open(String uri) {
    return KoaRedisStore.builder().uri(uri).keyPrefix(prefix()).scanPattern(prefix() + "*").build();
  }
}
