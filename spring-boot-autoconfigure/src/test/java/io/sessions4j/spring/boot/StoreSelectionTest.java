package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.conformance.store.RealServers;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.jdbc.JdbcDialect;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.store.redis.RedisSessionStore;
import io.sessions4j.testing.TestExchange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code sessions4j.store} picks the store; each is built from Spring's own settings and closed with the context. */
class StoreSelectionTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class));

  static JdbcDataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** Saves a session holding user=ada through the context's engine. */
  static void saveSession(SessionManager manager) {
    TestExchange exchange = new TestExchange();
    Session session = manager.load(exchange).toCompletableFuture().join();
    session.put("user", "ada");
    manager.commit(exchange, session).toCompletableFuture().join();
  }

  static long rows(DataSource dataSource, String table) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void memoryIsTheDefaultWithItsMaximumSizeFromProperties() {
    runner.withPropertyValues("sessions4j.memory.maximum-size=2").run(context -> {
      MemoryStore store = context.getBean(MemoryStore.class);
      SessionManager manager = context.getBean(SessionManager.class);
      for (int i = 0; i < 5; i++) {
        saveSession(manager);
      }
      store.cleanUp();
      assertThat(store.length().toCompletableFuture().join()).isLessThanOrEqualTo(2);
    });
  }

  @Test
  void jdbcKeepsSessionsInTheApplicationsDataSource() throws SQLException {
    JdbcDataSource dataSource = h2();
    SessionStore[] store = new SessionStore[1];
    runner.withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("sessions4j.store=jdbc", "sessions4j.jdbc.table-name=boot_sessions")
        .run(context -> {
          assertThat(context).hasNotFailed();
          store[0] = context.getBean(SessionStore.class);
          assertThat(store[0]).isInstanceOf(JdbcSessionStore.class);
          assertThat(((JdbcSessionStore) store[0]).dialect()).isEqualTo(JdbcDialect.H2);
          saveSession(context.getBean(SessionManager.class));
          assertThat(rows(dataSource, "boot_sessions")).isEqualTo(1);
        });
    assertThat(store[0].get("any-session-id-0123456789").toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("is closed");
    assertThat(rows(dataSource, "boot_sessions")).as("the application's DataSource stays open").isEqualTo(1);
  }

  @Test
  void jdbcDetectsPostgreSql() throws SQLException {
    RealServers.JdbcServer server = RealServers.requirePostgres();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(server.jdbcUrl());
    dataSource.setUser(server.username());
    dataSource.setPassword(server.password());
    String table = "boot_sessions_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      runner.withBean(DataSource.class, () -> dataSource)
          .withPropertyValues("sessions4j.store=jdbc", "sessions4j.jdbc.table-name=" + table,
              "sessions4j.jdbc.cleanup-interval=0")
          .run(context -> {
            assertThat(((JdbcSessionStore) context.getBean(SessionStore.class)).dialect())
                .isEqualTo(JdbcDialect.POSTGRESQL);
            saveSession(context.getBean(SessionManager.class));
            assertThat(rows(dataSource, table)).isEqualTo(1);
          });
    } finally {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @Test
  void jdbcWithoutADataSourceSaysWhatToAdd() {
    runner.withPropertyValues("sessions4j.store=jdbc").run(context -> assertThat(
            SessionPropertiesBindingTest.failure(context))
        .hasMessage("sessions4j.store=jdbc keeps sessions in the application's DataSource, and there is no single "
            + "DataSource bean"));
  }

  @Test
  void jdbcTableOptionsTheDatabaseRefusesStopTheApplication() {
    runner.withBean(DataSource.class, StoreSelectionTest::h2)
        .withPropertyValues("sessions4j.store=jdbc", "sessions4j.jdbc.table-name=no such table")
        .run(context -> assertThat(SessionPropertiesBindingTest.failure(context))
            .hasMessageStartingWith("Invalid sessions4j.jdbc configuration:"));
  }

  @Test
  void redisFromSpringDataRedisProperties() {
    RealServers.RedisServer server = RealServers.requireRedis();
    String prefix = "boot-test-" + UUID.randomUUID() + ":";
    runner.withPropertyValues("sessions4j.store=redis", "sessions4j.redis.key-prefix=" + prefix,
            "spring.data.redis.host=" + server.host(), "spring.data.redis.port=" + server.port(),
            "spring.data.redis.database=13")
        .run(context -> {
          assertThat(context).hasNotFailed();
          SessionStore store = context.getBean(SessionStore.class);
          assertThat(store).isInstanceOf(RedisSessionStore.class);
          saveSession(context.getBean(SessionManager.class));
          assertThat(((StoreAdministration) store).length().toCompletableFuture().join()).isEqualTo(1);
          ((StoreAdministration) store).clear().toCompletableFuture().join();
        });
  }

  @Test
  void sessions4jRedisUriWinsOverSpringDataRedis() {
    RealServers.RedisServer server = RealServers.requireRedis();
    runner.withPropertyValues("sessions4j.store=redis", "sessions4j.redis.uri=" + server.uri(),
            "sessions4j.redis.key-prefix=boot-test-" + UUID.randomUUID() + ":", "spring.data.redis.port=1")
        .run(context -> assertThat(context.getBean(SessionStore.class)).isInstanceOf(RedisSessionStore.class));
  }

  @Test
  void redisThatCannotBeReachedStopsTheApplicationNamingWhere() {
    runner.withPropertyValues("sessions4j.store=redis", "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=1", "spring.data.redis.password=hunter2-secret",
            "sessions4j.redis.connect-timeout=1s")
        .run(context -> assertThat(SessionPropertiesBindingTest.failure(context))
            .hasMessageStartingWith("sessions4j.store=redis: cannot connect to Redis at spring.data.redis (127.0.0.1:1)")
            .hasMessageNotContaining("hunter2-secret"));
  }

  @Test
  void redisWithoutTheRedisStoreOnTheClasspathSaysWhatToAdd() {
    runner.withClassLoader(new FilteredClassLoader(RedisSessionStore.class))
        .withPropertyValues("sessions4j.store=redis")
        .run(context -> assertThat(SessionPropertiesBindingTest.failure(context))
            .hasMessage("sessions4j.store=redis needs the Redis store, which is not on the classpath"));
  }

  @Test
  void springDataRedisPropertiesBecomeLettuceUris() {
    RedisStores.SpringDataRedis spring = new RedisStores.SpringDataRedis();
    spring.setHost("cache");
    spring.setPort(6380);
    spring.setUsername("app");
    spring.setPassword("p@ss:w/rd");
    spring.setDatabase(3);
    spring.getSsl().setEnabled(true);
    assertThat(RedisStores.uris(spring)).containsExactly("rediss://app:p%40ss%3Aw%2Frd@cache:6380/3");

    spring.setUrl("redis://:secret@other:6379");
    assertThat(RedisStores.uris(spring)).containsExactly("redis://:secret@other:6379/3");

    RedisStores.SpringDataRedis cluster = new RedisStores.SpringDataRedis();
    cluster.setPassword("pw");
    cluster.getCluster().setNodes(List.of("n1:7000", "n2:7001"));
    assertThat(RedisStores.uris(cluster)).containsExactly("redis://:pw@n1:7000", "redis://:pw@n2:7001");

    RedisStores.SpringDataRedis sentinel = new RedisStores.SpringDataRedis();
    sentinel.getSentinel().setMaster("mymaster");
    assertThatThrownBy(() -> RedisStores.uris(sentinel)).isInstanceOf(SessionsConfigurationException.class)
        .hasMessage("sessions4j.store=redis does not read spring.data.redis.sentinel.*");
  }

  @Test
  void yourOwnStoreBeanReplacesTheStartersStore() {
    MemoryStore own = MemoryStore.builder().build();
    runner.withBean(SessionStore.class, () -> own).withPropertyValues("sessions4j.store=jdbc")
        .run(context -> assertThat(context.getBean(SessionConfig.class).store()).isSameAs(own));
  }
}
