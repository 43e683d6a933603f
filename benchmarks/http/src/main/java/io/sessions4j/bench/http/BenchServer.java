package io.sessions4j.bench.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.micrometer.SessionMetrics;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.store.redis.RedisSessionStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.ee10.servlet.SessionHandler;

/**
 * {@code java -jar http-server.jar VARIANT [PORT]} with VARIANT one of {@code none}, {@code s4j-memory},
 * {@code s4j-memory-metered} (the same with {@code session-micrometer}'s meters bound to a registry),
 * {@code s4j-cookie}, {@code s4j-mariadb}, {@code s4j-redis}, {@code jetty}. Stores: MariaDB
 * {@code BENCH_JDBC_URL} (default test db on loopback, table {@code s4j_bench_sessions}), Redis
 * {@code BENCH_REDIS_URI} (default db 11 on loopback). The memory store holds at most
 * {@code BENCH_MEMORY_MAX_SIZE} sessions (default: the store's own default, 100,000; the run script
 * raises it for the sessions-in-the-store curve).
 *
 * <p>The sessions4j variants with a store also answer {@code GET /_bench/length} (the store's record
 * count) and {@code GET /_bench/clear} (deletes every record): the run script empties the store before
 * a scaling curve populates it. Benchmark plumbing on loopback, never a pattern for an application.
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
      System.err.println("usage: BenchServer none|s4j-memory|s4j-memory-metered|s4j-cookie|s4j-mariadb|s4j-redis|jetty [port]");
      System.exit(2);
    }
    String variant = args[0];
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    ServletContextHandler context = switch (variant) {
      case "none" -> Jetty.context(false, null, ServletContextHandler.NO_SESSIONS);
      case "s4j-memory" -> s4j(memory());
      case "s4j-memory-metered" -> metered(memory());
      case "s4j-cookie" -> s4j(SessionConfig.builder().keys(KEY).mode(SessionMode.COOKIE).build(), null);
      case "s4j-mariadb" -> s4j(jdbc());
      case "s4j-redis" -> s4j(RedisSessionStore.builder().uri(REDIS_URI).build());
      case "jetty" -> jetty();
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
    Jetty.start(port, context, variant).join();
  }

  static SessionStore jdbc() {
    // Pool of 10, like Spring's JDBC variant (HikariCP's default there).
    return JdbcSessionStore.builder().jdbcUrl(JDBC_URL).tableName(TABLE).maximumPoolSize(10).build();
  }

  static SessionStore memory() {
    MemoryStore.Builder builder = MemoryStore.builder();
    String max = System.getenv("BENCH_MEMORY_MAX_SIZE");
    if (max != null && !max.isBlank()) {
      builder.maximumSize(Long.parseLong(max.trim()));
    }
    return builder.build();
  }

  static ServletContextHandler s4j(SessionStore store) {
    SessionConfig.Builder config = SessionConfig.builder().keys(KEY).store(store);
    if ("browser-session".equals(System.getenv("BENCH_S4J_COOKIE"))) {
      // Spring Session's and Jetty's defaults: a cookie without Expires, 30 minutes idle
      config.maxAge(null).idleTimeout(java.time.Duration.ofMinutes(30));
    }
    return s4j(config.build(), store);
  }

  /** {@link #s4j(SessionStore)} with the engine's {@code sessions4j.*} meters recorded in a {@link SimpleMeterRegistry}. */
  static ServletContextHandler metered(SessionStore store) {
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY).store(store).build());
    new SessionMetrics(manager).bindTo(new SimpleMeterRegistry());
    ServletContextHandler context = Jetty.context(true, new SessionFilter(manager), ServletContextHandler.NO_SESSIONS);
    context.addServlet(new ServletHolder(new StoreAdmin(store)), "/_bench/*");
    return context;
  }

  static ServletContextHandler s4j(SessionConfig config, SessionStore store) {
    ServletContextHandler context = Jetty.context(true, new SessionFilter(config), ServletContextHandler.NO_SESSIONS);
    if (store != null) {
      context.addServlet(new ServletHolder(new StoreAdmin(store)), "/_bench/*");
    }
    return context;
  }

  /** {@code /_bench/length} and {@code /_bench/clear} on the variant's store (see the class comment). */
  static final class StoreAdmin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient SessionStore store;

    StoreAdmin(SessionStore store) {
      this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String answer;
      switch (String.valueOf(request.getPathInfo())) {
        case "/length" -> answer = String.valueOf(StoreAdministration.of(store).length().toCompletableFuture().join());
        case "/clear" -> {
          StoreAdministration.of(store).clear().toCompletableFuture().join();
          answer = "cleared";
        }
        default -> {
          response.sendError(404);
          return;
        }
      }
      response.setContentType("text/plain");
      response.getOutputStream().write((answer + "\n").getBytes(StandardCharsets.UTF_8));
    }
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
