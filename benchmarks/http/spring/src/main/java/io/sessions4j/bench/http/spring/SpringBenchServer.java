package io.sessions4j.bench.http.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessions4j.bench.http.Jetty;
import jakarta.servlet.Filter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar http-server-spring.jar VARIANT [PORT]} with VARIANT {@code spring-map},
 * {@code spring-jdbc} or {@code spring-redis}: the benchmark servlet behind Spring Session's
 * {@link SessionRepositoryFilter}, configured as Spring Session's own configuration classes do
 * ({@code @EnableSpringHttpSession}, {@code @EnableJdbcHttpSession}, {@code @EnableRedisHttpSession}:
 * defaults everywhere, string keys and JDK-serialized values in Redis), without a Spring context.
 */
public final class SpringBenchServer {
  static final String JDBC_URL = env("BENCH_JDBC_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
  static final String REDIS_HOST = env("BENCH_REDIS_HOST", "127.0.0.1");
  static final int REDIS_DB = Integer.parseInt(env("BENCH_REDIS_DB", "11"));

  private SpringBenchServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SpringBenchServer spring-map|spring-jdbc|spring-redis [port]");
      System.exit(2);
    }
    String variant = args[0];
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    Filter filter = switch (variant) {
      case "spring-map" -> new SessionRepositoryFilter<>(new MapSessionRepository(new ConcurrentHashMap<>()));
      case "spring-jdbc" -> new SessionRepositoryFilter<>(jdbc());
      case "spring-redis" -> new SessionRepositoryFilter<>(redis());
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
    ServletContextHandler context = Jetty.context(true, filter, ServletContextHandler.NO_SESSIONS);
    Jetty.start(port, context, variant).join();
  }

  /** Tables SPRING_SESSION / SPRING_SESSION_ATTRIBUTES from Spring Session's own schema-mysql.sql, created when absent. */
  static JdbcIndexedSessionRepository jdbc() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(JDBC_URL);
    config.setMaximumPoolSize(10);
    config.setPoolName("spring-session-jdbc");
    DataSource dataSource = new HikariDataSource(config);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Integer tables = jdbc.queryForObject(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'SPRING_SESSION'",
        Integer.class);
    if (tables == null || tables == 0) {
      String schema;
      try (InputStream in = JdbcIndexedSessionRepository.class.getResourceAsStream(
          "/org/springframework/session/jdbc/schema-mysql.sql")) {
        schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String statement : schema.split(";")) {
        if (!statement.isBlank()) {
          jdbc.execute(statement);
        }
      }
    }
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(jdbc, tx);
    repository.afterPropertiesSet();
    return repository;
  }

  static RedisSessionRepository redis() {
    RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(REDIS_HOST, 6379);
    server.setDatabase(REDIS_DB);
    LettuceConnectionFactory factory = new LettuceConnectionFactory(server);
    factory.afterPropertiesSet();
    factory.start();
    RedisTemplate<String, Object> template = new RedisTemplate<>();
    template.setConnectionFactory(factory);
    template.setKeySerializer(new StringRedisSerializer());
    template.setHashKeySerializer(new StringRedisSerializer());
    template.afterPropertiesSet();
    return new RedisSessionRepository(template);
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
