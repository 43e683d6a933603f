package io.sessions4j.quarkus.devui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Dev UI card shows of the {@code sessions4j.*} properties: everything but secrets. */
class SessionsDevUiServiceTest {

  @Test
  void keysPasswordsAndTheUserInfoOfUrisAreHidden() {
    Map<String, String> shown = SessionsDevUiService.redacted(Map.of(
        "keys", "base64:c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==",
        "redis.password", "hunter2",
        "redis.uri", "redis://app:hunter2@redis.internal:6379/0",
        "redis.key-prefix", "app:",
        "max-age", "30m"));

    assertThat(shown).containsEntry("sessions4j.keys", "(hidden)")
        .containsEntry("sessions4j.redis.password", "(hidden)")
        .containsEntry("sessions4j.redis.uri", "redis://(hidden)@redis.internal:6379/0")
        .containsEntry("sessions4j.redis.key-prefix", "app:")
        .containsEntry("sessions4j.max-age", "30m");
    assertThat(shown.toString()).doesNotContain("hunter2").doesNotContain("c2VjcmV0");
  }
}
