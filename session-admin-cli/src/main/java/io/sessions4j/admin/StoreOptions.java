package io.sessions4j.admin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.core.compat.node.ExpressMysqlSessionStore;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.store.redis.RedisSessionStore;
import io.sessions4j.store.redis.compat.node.ConnectRedisStore;
import io.sessions4j.store.redis.compat.node.KoaRedisStore;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which store a command works on, and how to connect: a JDBC URL (MariaDB, MySQL, PostgreSQL) or a
 * Redis URI, with the same table name or key prefix the application uses. Secrets can come from
 * the environment, so they never show in the process list. {@code --layout} names a Node
 * package's layout instead of sessions4j's (express-mysql-session's table, connect-redis's or
 * koa-redis's keys),
 * whose sessions are found by the user their documents name ({@code --principal-path}).
 */
final class StoreOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--jdbc-url", defaultValue = "${env:SESSIONS4J_JDBC_URL}",
      description = "JDBC URL of the session database, e.g. jdbc:mariadb://db:3306/app (env SESSIONS4J_JDBC_URL)")
  String jdbcUrl;

  @Option(names = "--jdbc-user", defaultValue = "${env:SESSIONS4J_JDBC_USER}",
      description = "database user (env SESSIONS4J_JDBC_USER)")
  String jdbcUser;

  @Option(names = "--jdbc-password-env", defaultValue = "SESSIONS4J_JDBC_PASSWORD", paramLabel = "VARIABLE",
      description = "the environment variable holding the database password (default: ${DEFAULT-VALUE})")
  String jdbcPasswordVariable;

  @Option(names = "--jdbc-table",
      description = "the sessions table, as the application's jdbc tableName (default: sessions4j_sessions; "
          + "with --layout express-mysql-session: sessions)")
  String jdbcTable;

  @Option(names = "--redis-uri", defaultValue = "${env:SESSIONS4J_REDIS_URI}",
      description = "Redis URI, e.g. redis://cache:6379 or rediss://… (env SESSIONS4J_REDIS_URI; put a password there, not here)")
  String redisUri;

  @Option(names = "--redis-key-prefix",
      description = "the key prefix the application uses (default: sessions4j:; with --layout connect-redis: sess:; "
          + "with --layout koa-redis: koa-session's prefix, default none)")
  String redisKeyPrefix;

  @Option(names = "--layout", defaultValue = "sessions4j",
      description = "whose layout the store has: sessions4j, express-mysql-session (with --jdbc-url), "
          + "connect-redis or koa-redis (with --redis-uri) (default: ${DEFAULT-VALUE})")
  String layout;

  @Option(names = "--principal-path", defaultValue = "passport.user",
      description = "with a Node --layout: where the session documents name their user (default: ${DEFAULT-VALUE})")
  String principalPath;

  @Option(names = "--redis-cluster", description = "the Redis URI names a cluster node")
  boolean redisCluster;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "how long one store call may take, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  Duration timeout;

  /** The pool {@link #open} made for express-mysql-session's store (that store never owns its DataSource). */
  private HikariDataSource nodePool;

  /** Closes what {@link #open} made beside the store; call after closing the store. */
  void release() {
    if (nodePool != null) {
      nodePool.close();
      nodePool = null;
    }
  }

  /** True for a JDBC store. */
  boolean isJdbc() {
    requireOneStore();
    return jdbcUrl != null;
  }

  /** The store these options name, connected; fails as a usage error when they name none or two. */
  SessionStore open() {
    requireOneStore();
    String node = nodeLayout();
    if (node != null) {
      return openNode(node);
    }
    if (jdbcUrl != null) {
      String password = jdbcPasswordVariable == null ? null : System.getenv(jdbcPasswordVariable);
      // no table creation, no periodic sweep, a small pool: an operator's tool, not an application
      JdbcSessionStore.Builder builder = JdbcSessionStore.builder().jdbcUrl(jdbcUrl)
          .tableName(jdbcTable == null ? "sessions4j_sessions" : jdbcTable)
          .createTable(false).cleanupInterval(Duration.ZERO).maximumPoolSize(2).connectionTimeout(timeout);
      if (jdbcUser != null) {
        builder.username(jdbcUser);
      }
      if (password != null) {
        builder.password(password);
      }
      return builder.build();
    }
    return RedisSessionStore.builder().uri(redisUri).cluster(redisCluster)
        .keyPrefix(redisKeyPrefix == null ? "sessions4j:" : redisKeyPrefix).commandTimeout(timeout).build();
  }

  /** The Node package whose layout {@code --layout} names, or null for sessions4j's own. */
  String nodeLayout() {
    String value = layout.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "sessions4j":
        return null;
      case "express-mysql-session":
        if (jdbcUrl == null) {
          throw new ParameterException(spec.commandLine(), "--layout express-mysql-session needs --jdbc-url");
        }
        return value;
      case "connect-redis", "koa-redis":
        if (redisUri == null || redisCluster) {
          throw new ParameterException(spec.commandLine(),
              "--layout " + value + " needs --redis-uri of a standalone Redis (not --redis-cluster)");
        }
        return value;
      default:
        throw new ParameterException(spec.commandLine(), "--layout '" + layout
            + "' is not one of: sessions4j, express-mysql-session, connect-redis, koa-redis");
    }
  }

  /** express-mysql-session's table or connect-redis's keys; never creates the table, never sweeps by itself. */
  private SessionStore openNode(String node) {
    try {
      if (node.equals("koa-redis")) {
        return KoaRedisStore.builder().uri(redisUri).keyPrefix(redisKeyPrefix == null ? "" : redisKeyPrefix)
            .principalPath(principalPath).build();
      }
      if (node.equals("connect-redis")) {
        return ConnectRedisStore.builder().uri(redisUri).prefix(redisKeyPrefix == null ? "sess:" : redisKeyPrefix)
            .principalPath(principalPath).build();
      }
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl(jdbcUrl);
      pool.setMaximumPoolSize(2);
      pool.setConnectionTimeout(Math.max(250, timeout.toMillis()));
      if (jdbcUser != null) {
        pool.setUsername(jdbcUser);
      }
      String password = jdbcPasswordVariable == null ? null : System.getenv(jdbcPasswordVariable);
      if (password != null) {
        pool.setPassword(password);
      }
      nodePool = new HikariDataSource(pool);
      return ExpressMysqlSessionStore.builder().dataSource(nodePool)
          .tableName(jdbcTable == null ? "sessions" : jdbcTable).createTable(false)
          .clearExpired(false, Duration.ofMinutes(15)).principalPath(principalPath).threads(2).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void requireOneStore() {
    if ((jdbcUrl == null) == (redisUri == null)) {
      throw new ParameterException(spec.commandLine(), jdbcUrl == null
          ? "name the session store: --jdbc-url URL (or SESSIONS4J_JDBC_URL) or --redis-uri URI (or SESSIONS4J_REDIS_URI)"
          : "name one session store: --jdbc-url or --redis-uri, not both");
    }
  }
}
