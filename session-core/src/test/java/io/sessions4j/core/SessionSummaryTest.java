package io.sessions4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.id.SessionIds;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every framework's admin endpoint shows of a session: the shape, and no full id in it. */
class SessionSummaryTest {
  static final String ID = "Xq3v9LmN0pR7sT2uW5yZ8aB1cD4eF6gH";
  static final Instant T = Instant.parse("2026-12-06T21:00:00Z");

  @Test
  void describeNamesTheSessionByHandleAndRedactedIdWithItsTimes() {
    SessionSummary s = new SessionSummary(ID, T, T.plusSeconds(60), T.plusSeconds(3600));
    assertThat(s.describe()).containsExactly(
        java.util.Map.entry("handle", SessionIds.handle(ID)),
        java.util.Map.entry("id", SessionIds.redact(ID)),
        java.util.Map.entry("createdAt", "2026-12-06T21:00:00Z"),
        java.util.Map.entry("lastAccessedAt", "2026-12-06T21:01:00Z"),
        java.util.Map.entry("expiresAt", "2026-12-06T22:00:00Z"));
    assertThat(s.describe().toString()).doesNotContain(ID);
  }

  @Test
  void clientHintsAppearOnlyWhenRecorded() {
    SessionSummary s = new SessionSummary(ID, T, T, T, "curl/8", "10.0.0.7");
    assertThat(s.describe()).containsEntry("userAgent", "curl/8").containsEntry("clientAddress", "10.0.0.7");
    assertThat(new SessionSummary(ID, T, T, T).describe()).doesNotContainKeys("userAgent", "clientAddress");
  }
}
