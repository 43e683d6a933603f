package io.sessions4j.quarkus.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** How the store's settings are read from the application's configuration, and the startup errors. */
class RedisStoreSettingsTest {

  private static Config config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
  }

  @Test
  void noServerConfiguredStopsStartupNamingTheProperties() {
    assertThatThrownBy(() -> RedisStoreSettings.from(config(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarkus.redis.hosts")
        .hasMessageContaining("sessions4j.redis.uri");
  }

  @Test
  void unknownStoreOptionStopsStartupNamingIt() {
    assertThatThrownBy(() -> RedisStoreSettings.from(config(Map.of(
        "quarkus.redis.hosts", "redis://localhost:6379", "sessions4j.redis.keyprefix", "x:"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions4j.redis.keyprefix");
  }

  @Test
  void sentinelClientTypeIsRefusedWithWhatToDoInstead() {
    assertThatThrownBy(() -> RedisStoreSettings.from(config(Map.of(
        "quarkus.redis.hosts", "redis://localhost:26379", "quarkus.redis.client-type", "sentinel"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quarkus.redis.client-type=sentinel")
        .hasMessageContaining("redis-sentinel://");
  }

  @Test
  void invalidDurationStopsStartupNamingTheProperty() {
    assertThatThrownBy(() -> RedisStoreSettings.from(config(Map.of(
        "quarkus.redis.hosts", "redis://localhost:6379", "sessions4j.redis.command-timeout", "banana"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessions4j.redis.command-timeout");
  }

  @Test
  void quarkusPasswordIsAddedToHostsWithoutCredentialsOnly() {
    assertThat(RedisStoreSettings.withCredentials("redis://a:6379, redis://:own@b:6380/2",
        Optional.of("app"), Optional.of("s3cret")))
        .containsExactly("redis://app:s3cret@a:6379", "redis://:own@b:6380/2");
    assertThat(RedisStoreSettings.withCredentials("redis://a:6379", Optional.empty(), Optional.empty()))
        .isEqualTo(List.of("redis://a:6379"));
  }
}
