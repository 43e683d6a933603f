package io.sessions4j.bench.http;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.store.redis.RedisSessionStore;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.ee10.servlet.SessionHandler;

/**
 * {@code java -jar http-server.jar VARIANT [PORT]} with VARIANT one of {@code none}, {@code s4j-memory},
 * {@code s4j-cookie}, {@code s4j-mariadb}, {@code s4j-redis}, {@code jetty}. Stores: MariaDB
 * {@code BENCH_JDBC_URL} (default test db on loopback, table {@code s4j_bench_sessions}), Redis
 * {@code BENCH_REDIS_URI} (default db 11 on loopback).
 */
public final class BenchServer {
  /** Fixed, public: a benchmark key, never a real secret. */
  static final String KEY = "sessions4j-benchmark-key-not-a-secret-0123456789";
  static final String JDBC_URL = env("BENCH_JDBC_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
  static final String REDIS_URI = env("BENCH_REDIS_URI", "redis://127.0.0.1:6379/11");
  static final String TABLE = "s4j_bench_sessions";

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: BenchServer none|s4j-memory|s4j-cookie|s4j-mariadb|s4j-redis|jetty [port]");
      System.exit(2);
    }
    String variant = args[0];
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    ServletContextHandler context = switch (variant) {
      case "none" -> Jetty.context(false, null, ServletContextHandler.NO_SESSIONS);
      case "s4j-memory" -> s4j(SessionConfig.builder().keys(KEY).store(MemoryStore.builder().build()).build());
      case "s4j-cookie" -> s4j(SessionConfig.builder().keys(KEY).mode(SessionMode.COOKIE).build());
      case "s4j-mariadb" -> s4j(SessionConfig.builder().keys(KEY).store(jdbc()).build());
      case "s4j-redis" -> s4j(SessionConfig.builder().keys(KEY).store(RedisSessionStore.builder().uri(REDIS_URI).build()).build());
      case "jetty" -> jetty();
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
    Jetty.start(port, context, variant).join();
  }

  static SessionStore jdbc() {
    // Pool of 10, like Spring's JDBC variant (HikariCP's default there).
    return JdbcSessionStore.builder().jdbcUrl(JDBC_URL).tableName(TABLE).maximumPoolSize(10).build();
  }

  static ServletContextHandler s4j(SessionConfig config) {
    return Jetty.context(true, new SessionFilter(config), ServletContextHandler.NO_SESSIONS);
  }

  /** Jetty's own HttpSession: SessionHandler + DefaultSessionCache + NullSessionDataStore (in memory only). */
  static ServletContextHandler jetty() {
    ServletContextHandler context = Jetty.context(true, null, ServletContextHandler.SESSIONS);
    SessionHandler sessions = context.getSessionHandler();
    DefaultSessionCache cache = new DefaultSessionCache(sessions);
    cache.setSessionDataStore(new NullSessionDataStore());
    sessions.setSessionCache(cache);
    return context;
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
