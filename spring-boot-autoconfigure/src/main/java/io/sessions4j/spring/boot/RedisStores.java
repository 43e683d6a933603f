package io.sessions4j.spring.boot;

import io.sessions4j.core.store.SessionStore;
import io.sessions4j.store.redis.RedisSessionStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Builds the Redis store from {@code sessions4j.redis.*} and {@code spring.data.redis.*}. Spring's
 * Redis properties are read with the {@link Binder}, not through Boot's property classes (which
 * moved between Boot 3 and 4, and in Boot 4 only exist with Spring Data Redis): the application
 * needs nothing but {@code session-store-redis} (Lettuce).
 */
final class RedisStores {

  private RedisStores() {}

  static SessionStore create(SessionsProperties.Redis redis, Binder binder) {
    SpringDataRedis spring = binder.bind("spring.data.redis", Bindable.of(SpringDataRedis.class))
        .orElseGet(SpringDataRedis::new);
    RedisSessionStore.Builder builder = RedisSessionStore.builder().keyPrefix(redis.getKeyPrefix())
        .notifyExpired(redis.isNotifyExpired());
    String target;
    if (redis.getUri() != null && !redis.getUri().isBlank()) {
      builder.uri(redis.getUri().trim()).cluster(redis.isCluster());
      target = "sessions4j.redis.uri";
    } else {
      List<String> uris = uris(spring);
      builder.uris(uris).cluster(redis.isCluster() || spring.getCluster().getNodes() != null);
      target = "spring.data.redis (" + spring.describe() + ")";
    }
    Duration commandTimeout = redis.getCommandTimeout() != null ? redis.getCommandTimeout() : spring.getTimeout();
    if (commandTimeout != null) {
      builder.commandTimeout(commandTimeout);
    }
    Duration connectTimeout = redis.getConnectTimeout() != null ? redis.getConnectTimeout() : spring.getConnectTimeout();
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new SessionsConfigurationException(e.getMessage() + " (from " + target + ")",
          "Fix " + target + " or the sessions4j.redis.* property named.", e);
    } catch (RuntimeException e) {
      throw new SessionsConfigurationException("sessions4j.store=redis: cannot connect to Redis at " + target + ": "
          + e.getMessage(), "Start Redis there, or point sessions4j.redis.uri / spring.data.redis.* at it.", e);
    }
  }

  /** The server URIs {@code spring.data.redis.*} describes, credentials percent-encoded. */
  static List<String> uris(SpringDataRedis spring) {
    if (spring.getSentinel().getMaster() != null) {
      throw new SessionsConfigurationException(
          "sessions4j.store=redis does not read spring.data.redis.sentinel.*",
          "Set sessions4j.redis.uri=redis-sentinel://[password@]host1:26379,host2:26379/0#mymaster "
              + "(Lettuce's Sentinel URI; rediss-sentinel:// for TLS).", null);
    }
    String scheme = spring.getSsl().isEnabled() ? "rediss" : "redis";
    if (spring.getUrl() != null && !spring.getUrl().isBlank()) {
      String url = spring.getUrl().trim();
      boolean hasDatabase = url.indexOf('/', url.indexOf("://") + 3) >= 0;
      return List.of(hasDatabase || spring.getDatabase() == 0 ? url : url + "/" + spring.getDatabase());
    }
    String userInfo = userInfo(spring.getUsername(), spring.getPassword());
    List<String> nodes = spring.getCluster().getNodes();
    if (nodes != null) {
      List<String> uris = new ArrayList<>();
      for (String node : nodes) {
        uris.add(scheme + "://" + userInfo + node.trim());
      }
      return uris;
    }
    String database = spring.getDatabase() == 0 ? "" : "/" + spring.getDatabase();
    return List.of(scheme + "://" + userInfo + spring.getHost() + ":" + spring.getPort() + database);
  }

  private static String userInfo(String username, String password) {
    if (password == null || password.isEmpty()) {
      return username == null || username.isEmpty() ? "" : encode(username) + "@";
    }
    return (username == null || username.isEmpty() ? "" : encode(username)) + ":" + encode(password) + "@";
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The {@code spring.data.redis.*} properties the store uses (Boot 3 and 4 name them alike). */
  public static class SpringDataRedis {
    private String url;
    private String host = "localhost";
    private int port = 6379;
    private String username;
    private String password;
    private int database;
    private Duration timeout;
    private Duration connectTimeout;
    private final Ssl ssl = new Ssl();
    private final Cluster cluster = new Cluster();
    private final Sentinel sentinel = new Sentinel();

    /** Where, without credentials. */
    String describe() {
      if (url != null && !url.isBlank()) {
        return "url";
      }
      return cluster.getNodes() != null ? "cluster.nodes " + cluster.getNodes() : host + ":" + port;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public int getDatabase() {
      return database;
    }

    public void setDatabase(int database) {
      this.database = database;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Ssl getSsl() {
      return ssl;
    }

    public Cluster getCluster() {
      return cluster;
    }

    public Sentinel getSentinel() {
      return sentinel;
    }

    /** {@code spring.data.redis.ssl.*}. */
    public static class Ssl {
      private boolean enabled;

      public boolean isEnabled() {
        return enabled;
      }

      public void setEnabled(boolean enabled) {
        this.enabled = enabled;
      }
    }

    /** {@code spring.data.redis.cluster.*}. */
    public static class Cluster {
      private List<String> nodes;

      public List<String> getNodes() {
        return nodes;
      }

      public void setNodes(List<String> nodes) {
        this.nodes = nodes;
      }
    }

    /** {@code spring.data.redis.sentinel.*}. */
    public static class Sentinel {
      private String master;

      public String getMaster() {
        return master;
      }

      public void setMaster(String master) {
        this.master = master;
      }
    }
  }
}
