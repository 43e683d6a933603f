package io.sessions4j.spring.boot;

import io.sessions4j.core.store.jdbc.JdbcDialect;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own {@code sessions4j.*} properties: which store to use and how, and where the
 * filter sits. Every other {@code sessions4j.*} property is a session option of the core ({@code
 * sessions4j.max-age}, {@code sessions4j.keys}, …), bound by the core's {@code SessionProperties}
 * exactly as in every other adapter; see the root README's options table.
 */
@ConfigurationProperties(prefix = SessionsProperties.PREFIX)
public class SessionsProperties {

  /** The property prefix shared by the session options and the starter's own properties. */
  public static final String PREFIX = "sessions4j";

  /** The filter's default order: ahead of Spring Security's filter chain (-100) and of everything else that uses the session. */
  public static final int DEFAULT_FILTER_ORDER = Integer.MIN_VALUE + 50;

  /** Whether the sessions4j auto-configuration applies at all. */
  private boolean enabled = true;

  /**
   * Where store-mode sessions live: memory (one instance), jdbc (the application's DataSource) or
   * redis (spring.data.redis.* or sessions4j.redis.uri). Ignored when a SessionStore bean is defined.
   */
  private StoreType store = StoreType.MEMORY;

  private final Memory memory = new Memory();
  private final Jdbc jdbc = new Jdbc();
  private final Redis redis = new Redis();
  private final Filter filter = new Filter();
  private final Metrics metrics = new Metrics();
  private final Tracing tracing = new Tracing();

  /** The stores the starter can build from properties. */
  public enum StoreType {
    /** The in-memory store: sessions live in this instance only. */
    MEMORY,
    /** The JDBC store on the application's {@code DataSource}. */
    JDBC,
    /** The Redis store (needs {@code io.sessions4j:session-store-redis}). */
    REDIS
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public StoreType getStore() {
    return store;
  }

  public void setStore(StoreType store) {
    this.store = store;
  }

  public Memory getMemory() {
    return memory;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Redis getRedis() {
    return redis;
  }

  public Filter getFilter() {
    return filter;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Tracing getTracing() {
    return tracing;
  }

  /** {@code sessions4j.memory.*}: the memory store. */
  public static class Memory {
    /** Most sessions kept; beyond it the least recently used are evicted. */
    private long maximumSize = 100_000;

    public long getMaximumSize() {
      return maximumSize;
    }

    public void setMaximumSize(long maximumSize) {
      this.maximumSize = maximumSize;
    }
  }

  /** {@code sessions4j.jdbc.*}: the JDBC store on the application's {@code DataSource}. */
  public static class Jdbc {
    /** The sessions table. */
    private String tableName = "sessions4j_sessions";

    /** Create the table and its indexes at startup when missing (idempotent). */
    private boolean createTable = true;

    /** The SQL dialect; detected from the connection when not set. */
    private JdbcDialect dialect;

    /** How often expired rows are deleted; 0 turns the sweep off (expired rows are still never read). */
    private Duration cleanupInterval = Duration.ofMinutes(15);

    /** Rows deleted per sweep transaction. */
    private int cleanupBatchSize = 500;

    /** Whether reading a session extends its expiry in the table (lazy touch); false: only writes do. */
    private boolean touchEnabled = true;

    /** Threads the store runs JDBC calls on; 0: as many as the store's default (10). */
    private int threads;

    public String getTableName() {
      return tableName;
    }

    public void setTableName(String tableName) {
      this.tableName = tableName;
    }

    public boolean isCreateTable() {
      return createTable;
    }

    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }

    public JdbcDialect getDialect() {
      return dialect;
    }

    public void setDialect(JdbcDialect dialect) {
      this.dialect = dialect;
    }

    public Duration getCleanupInterval() {
      return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
      this.cleanupInterval = cleanupInterval;
    }

    public int getCleanupBatchSize() {
      return cleanupBatchSize;
    }

    public void setCleanupBatchSize(int cleanupBatchSize) {
      this.cleanupBatchSize = cleanupBatchSize;
    }

    public boolean isTouchEnabled() {
      return touchEnabled;
    }

    public void setTouchEnabled(boolean touchEnabled) {
      this.touchEnabled = touchEnabled;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }
  }

  /**
   * {@code sessions4j.redis.*}: the Redis store. The server is {@code uri} when set, else what
   * {@code spring.data.redis.*} says (url, or host, port, username, password, database, ssl).
   */
  public static class Redis {
    /**
     * The server as a Lettuce URI (redis://[[user:]password@]host[:port][/database], rediss:// for
     * TLS); overrides spring.data.redis.*.
     */
    private String uri;

    /** Talk Redis Cluster; with spring.data.redis.cluster.nodes set this is implied. */
    private boolean cluster;

    /** Prefix of every key the store writes. */
    private String keyPrefix = "sessions4j:";

    /** How long one command may take; default spring.data.redis.timeout, else 2 s. */
    private Duration commandTimeout;

    /** How long connecting may take; default spring.data.redis.connect-timeout, else 5 s. */
    private Duration connectTimeout;

    /** Report sessions Redis expires to the engine's listeners (needs keyspace notifications Ex on the server). */
    private boolean notifyExpired;

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public boolean isCluster() {
      return cluster;
    }

    public void setCluster(boolean cluster) {
      this.cluster = cluster;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public boolean isNotifyExpired() {
      return notifyExpired;
    }

    public void setNotifyExpired(boolean notifyExpired) {
      this.notifyExpired = notifyExpired;
    }
  }

  /** {@code sessions4j.filter.*}: the servlet filter's registration. */
  public static class Filter {
    /** The filter's order; it must come before Spring Security's filter chain (-100 by default). */
    private int order = DEFAULT_FILTER_ORDER;

    public int getOrder() {
      return order;
    }

    public void setOrder(int order) {
      this.order = order;
    }
  }

  /** {@code sessions4j.metrics.*}: the engine's {@code sessions4j.*} meters. */
  public static class Metrics {
    /** Record the sessions4j.* meters when the application has a MeterRegistry (Spring Boot Actuator). */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code sessions4j.tracing.*}: store calls as Micrometer Observations (spans, with a tracing bridge). */
  public static class Tracing {
    /**
     * Observe every call to the JDBC or Redis store (an Observation "sessions4j.store": a span of the
     * request's trace with Micrometer Tracing) when the application has an ObservationRegistry
     * (Spring Boot Actuator). The memory store is never observed.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
