package io.sessions4j.conformance.stores;

import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.store.RealServers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment an adapter's kit test hands its harness so the {@code store-jdbc} / {@code
 * store-redis} profiles run on the real servers: {@code SESSIONS4J_JDBC_URL} (credentials in the URL,
 * as {@link JdbcStoreFactory} wants them) and {@code SESSIONS4J_REDIS_URI}. Each method requires its
 * servers through {@link RealServers}: outside CI a missing server skips the test with a message
 * saying how to start it, with {@code CI=true} it fails.
 */
public final class KitEnvironment {

  private KitEnvironment() {}

  /** {@code store-jdbc} on MariaDB, {@code store-redis} on Redis. */
  public static Map<String, String> mariaDbAndRedis() {
    Map<String, String> env = new LinkedHashMap<>(mariaDb());
    env.putAll(redis());
    return env;
  }

  /** {@code store-jdbc} on PostgreSQL, {@code store-redis} on Redis. */
  public static Map<String, String> postgresAndRedis() {
    Map<String, String> env = new LinkedHashMap<>(postgres());
    env.putAll(redis());
    return env;
  }

  /** {@code store-jdbc} on MariaDB. */
  public static Map<String, String> mariaDb() {
    RealServers.JdbcServer mariadb = RealServers.requireMariaDb();
    return Map.of(ConformanceHarness.JDBC_URL_ENV, withCredentials(mariadb));
  }

  /** {@code store-jdbc} on PostgreSQL. */
  public static Map<String, String> postgres() {
    RealServers.JdbcServer postgres = RealServers.requirePostgres();
    return Map.of(ConformanceHarness.JDBC_URL_ENV, withCredentials(postgres));
  }

  /** {@code store-redis} on Redis. */
  public static Map<String, String> redis() {
    return Map.of(ConformanceHarness.REDIS_URI_ENV, RealServers.requireRedis().uri());
  }

  private static String withCredentials(RealServers.JdbcServer server) {
    String separator = server.jdbcUrl().contains("?") ? "&" : "?";
    String url = server.jdbcUrl() + separator + "user=" + server.username();
    return server.password().isEmpty() ? url : url + "&password=" + server.password();
  }
}
