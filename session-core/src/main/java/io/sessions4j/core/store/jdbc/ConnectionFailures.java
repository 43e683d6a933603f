package io.sessions4j.core.store.jdbc;

/**
 * Told by the store about connection failures (SQLState class 08), when it owns a pool that can
 * recover faster than by itself ({@link HikariPools}).
 */
interface ConnectionFailures {
  void connectionFailed();
}
