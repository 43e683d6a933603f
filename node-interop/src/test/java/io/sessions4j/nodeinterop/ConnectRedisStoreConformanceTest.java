package io.sessions4j.nodeinterop;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;

/** The store conformance suite against {@link ConnectRedisStore} (connect-redis's layout). */
class ConnectRedisStoreConformanceTest extends NodeRedisStoreConformance {
  @Override
  String prefix() {
    return "conformance-node-sess:";
  }

  @Override
  SessionStore open(String uri) {
    return ConnectRedisStore.builder().uri(uri).prefix(prefix()).build();
  }
}
