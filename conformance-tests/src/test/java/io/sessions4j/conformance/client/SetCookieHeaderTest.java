package io.sessions4j.conformance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SetCookieHeaderTest {

  @Test
  void readsNameValueAndAttributesCaseInsensitively() {
    SetCookieHeader c = SetCookieHeader.parse(
        "sid=abc.def; path=/p/store; Max-Age=60; Expires=Mon, 23 Nov 2026 18:01:20 GMT; HTTPONLY; SameSite=Lax");
    assertThat(c.name()).isEqualTo("sid");
    assertThat(c.value()).isEqualTo("abc.def");
    assertThat(c.attribute("Path")).isEqualTo("/p/store");
    assertThat(c.has("HttpOnly")).isTrue();
    assertThat(c.has("Secure")).isFalse();
    assertThat(c.maxAge()).isEqualTo(60);
    assertThat(c.expires()).isEqualTo(Instant.parse("2026-11-23T18:01:20Z"));
  }

  @Test
  void deletionIsMaxAgeZeroOrPastExpires() {
    Instant now = Instant.parse("2026-11-23T18:00:00Z");
    assertThat(SetCookieHeader.parse("sid=; Max-Age=0").deletes(now)).isTrue();
    assertThat(SetCookieHeader.parse("sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT").deletes(now)).isTrue();
    assertThat(SetCookieHeader.parse("sid=x; Expires=Mon, 23 Nov 2026 18:01:20 GMT").deletes(now)).isFalse();
    assertThat(SetCookieHeader.parse("sid=x").deletes(now)).isFalse();
  }

  @Test
  void malformedDatesAreReportedNotGuessed() {
    assertThatThrownBy(() -> SetCookieHeader.parse("sid=x; Expires=tomorrow").expires())
        .hasMessageContaining("tomorrow");
  }
}
