package io.sessions4j.quarkus.redis;

import io.sessions4j.store.redis.RedisSessionStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Where the Redis session store connects and how, read from the application's configuration.
 *
 * <p>The server: {@code sessions4j.redis.uri} when set (with {@code sessions4j.redis.cluster}),
 * else the Quarkus Redis client's default connection: {@code quarkus.redis.hosts} (one or more
 * {@code redis://} / {@code rediss://} URIs), {@code quarkus.redis.client-type} ({@code standalone}
 * or {@code cluster}) and {@code quarkus.redis.username} / {@code quarkus.redis.password} for URIs
 * without credentials. The store: {@code sessions4j.redis.key-prefix}, {@code
 * sessions4j.redis.command-timeout}, {@code sessions4j.redis.connect-timeout}, {@code
 * sessions4j.redis.notify-expired} — the names of the Spring Boot starter.
 */
final class RedisStoreSettings {
  static final String PREFIX = "sessions4j.redis.";
  static final Set<String> OPTIONS = Set.of("uri", "cluster", "key-prefix", "command-timeout", "connect-timeout",
      "notify-expired");

  private RedisStoreSettings() {}

  /**
   * A store builder from {@code config}.
   *
   * @throws IllegalArgumentException naming the property, when one is unknown, wrong or missing
   */
  static RedisSessionStore.Builder from(Config config) {
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(PREFIX) && !OPTIONS.contains(name.substring(PREFIX.length()))) {
        throw new IllegalArgumentException("sessions4j Redis store: unknown property " + name + "; known: "
            + OPTIONS.stream().sorted().map(o -> PREFIX + o).toList());
      }
    }
    RedisSessionStore.Builder builder = RedisSessionStore.builder();
    Optional<String> uri = config.getOptionalValue(PREFIX + "uri", String.class);
    if (uri.isPresent()) {
      builder.uri(uri.get()).cluster(value(config, PREFIX + "cluster", Boolean.class).orElse(false));
    } else {
      String hosts = config.getOptionalValue("quarkus.redis.hosts", String.class).orElseThrow(() ->
          new IllegalArgumentException("sessions4j Redis store: no Redis server configured; set quarkus.redis.hosts "
              + "(e.g. redis://localhost:6379) or sessions4j.redis.uri, or let Quarkus Dev Services start one "
              + "(dev and test mode, with a container runtime)"));
      String type = config.getOptionalValue("quarkus.redis.client-type", String.class).orElse("standalone")
          .toLowerCase(Locale.ROOT);
      boolean cluster = switch (type) {
        case "standalone" -> false;
        case "cluster" -> true;
        default -> throw new IllegalArgumentException("sessions4j Redis store: quarkus.redis.client-type=" + type
            + " is not supported (standalone or cluster); for Sentinel set sessions4j.redis.uri=redis-sentinel://…");
      };
      builder.uris(withCredentials(hosts, config.getOptionalValue("quarkus.redis.username", String.class),
          config.getOptionalValue("quarkus.redis.password", String.class))).cluster(cluster);
    }
    config.getOptionalValue(PREFIX + "key-prefix", String.class).ifPresent(builder::keyPrefix);
    value(config, PREFIX + "command-timeout", Duration.class).ifPresent(builder::commandTimeout);
    value(config, PREFIX + "connect-timeout", Duration.class).ifPresent(builder::connectTimeout);
    value(config, PREFIX + "notify-expired", Boolean.class).ifPresent(builder::notifyExpired);
    return builder;
  }

  /** The hosts, each given the configured credentials when it has none of its own. */
  static List<String> withCredentials(String hosts, Optional<String> username, Optional<String> password) {
    List<String> uris = new ArrayList<>();
    for (String host : hosts.split(",")) {
      String trimmed = host.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI parsed;
      try {
        parsed = new URI(trimmed);
      } catch (URISyntaxException e) {
        // the message would echo the URI, which may carry a password
        throw new IllegalArgumentException("sessions4j Redis store: quarkus.redis.hosts holds an invalid URI");
      }
      if (password.isEmpty() || parsed.getUserInfo() != null) {
        uris.add(trimmed);
        continue;
      }
      String userInfo = username.orElse("") + ":" + password.get();
      try {
        uris.add(new URI(parsed.getScheme(), userInfo, parsed.getHost(), parsed.getPort(), parsed.getPath(),
            parsed.getQuery(), parsed.getFragment()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("sessions4j Redis store: cannot add quarkus.redis.password to a host of quarkus.redis.hosts");
      }
    }
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("sessions4j Redis store: quarkus.redis.hosts is empty");
    }
    return uris;
  }

  private static <T> Optional<T> value(Config config, String name, Class<T> type) {
    try {
      return config.getOptionalValue(name, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sessions4j Redis store: invalid value for " + name + ": " + e.getMessage(), e);
    }
  }
}
