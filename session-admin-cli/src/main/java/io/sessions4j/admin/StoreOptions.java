package io.sessions4j.admin;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.store.redis.RedisSessionStore;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which store a command works on, and how to connect: a JDBC URL (MariaDB, MySQL, PostgreSQL) or a
 * Redis URI, with the same table name or key prefix the application uses. Secrets can come from
 * the environment, so they never show in the process list.
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

  @Option(names = "--jdbc-table", defaultValue = "sessions4j_sessions",
      description = "the sessions table, as the application's jdbc tableName (default: ${DEFAULT-VALUE})")
  String jdbcTable;

  @Option(names = "--redis-uri", defaultValue = "${env:SESSIONS4J_REDIS_URI}",
      description = "Redis URI, e.g. redis://cache:6379 or rediss://… (env SESSIONS4J_REDIS_URI; put a password there, not here)")
  String redisUri;

  @Option(names = "--redis-key-prefix", defaultValue = "sessions4j:",
      description = "the key prefix the application uses (default: ${DEFAULT-VALUE})")
  String redisKeyPrefix;

  @Option(names = "--redis-cluster", description = "the Redis URI names a cluster node")
  boolean redisCluster;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "how long one store call may take, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  Duration timeout;

  /** True for a JDBC store. */
  boolean isJdbc() {
    requireOneStore();
    return jdbcUrl != null;
  }

  /** The store these options name, connected; fails as a usage error when they name none or two. */
  SessionStore open() {
    requireOneStore();
    if (jdbcUrl != null) {
      String password = jdbcPasswordVariable == null ? null : System.getenv(jdbcPasswordVariable);
      // no table creation, no periodic sweep, a small pool: an operator's tool, not an application
      JdbcSessionStore.Builder builder = JdbcSessionStore.builder().jdbcUrl(jdbcUrl).tableName(jdbcTable)
          .createTable(false).cleanupInterval(Duration.ZERO).maximumPoolSize(2).connectionTimeout(timeout);
      if (jdbcUser != null) {
        builder.username(jdbcUser);
      }
      if (password != null) {
        builder.password(password);
      }
      return builder.build();
    }
    return RedisSessionStore.builder().uri(redisUri).cluster(redisCluster).keyPrefix(redisKeyPrefix)
        .commandTimeout(timeout).build();
  }

  private void requireOneStore() {
    if ((jdbcUrl == null) == (redisUri == null)) {
      throw new ParameterException(spec.commandLine(), jdbcUrl == null
          ? "name the session store: --jdbc-url URL (or SESSIONS4J_JDBC_URL) or --redis-uri URI (or SESSIONS4J_REDIS_URI)"
          : "name one session store: --jdbc-url or --redis-uri, not both");
    }
  }
}
