package io.sessions4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SetCookieTest {
  private static final Instant NOW = Instant.parse("1994-11-06T08:49:37Z");
  /** An independent IMF-fixdate formatter to check the hand-written one against. */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @Test
  void nameAndValueAloneMakeABrowserSessionCookie() {
    assertThat(SetCookie.builder("sid", "abc123").format()).isEqualTo("sid=abc123");
  }

  @Test
  void everyAttributeIsWrittenInTheDocumentedOrder() {
    String header = SetCookie.builder("sid", "abc123")
        .priority(CookiePriority.HIGH)
        .partitioned(true)
        .sameSite(SameSite.NONE)
        .httpOnly(true)
        .secure(true)
        .expires(NOW, Duration.ofHours(1))
        .domain("example.com")
        .path("/app")
        .format();

    assertThat(header).isEqualTo("sid=abc123; Path=/app; Domain=example.com; Max-Age=3600; "
        + "Expires=Sun, 06 Nov 1994 09:49:37 GMT; Secure; HttpOnly; SameSite=None; Partitioned; "
        + "Priority=High");
  }

  @Test
  void attributeValuesUseTheirSetCookieSpelling() {
    assertThat(SetCookie.builder("a", "b").sameSite(SameSite.LAX).format())
        .isEqualTo("a=b; SameSite=Lax");
    assertThat(SetCookie.builder("a", "b").sameSite(SameSite.STRICT).format())
        .isEqualTo("a=b; SameSite=Strict");
    assertThat(SetCookie.builder("a", "b").priority(CookiePriority.LOW).format())
        .isEqualTo("a=b; Priority=Low");
    assertThat(SetCookie.builder("a", "b").priority(CookiePriority.MEDIUM).format())
        .isEqualTo("a=b; Priority=Medium");
  }

  @Test
  void falseAndNullLeaveAttributesOut() {
    String header = SetCookie.builder("sid", "abc")
        .secure(false).httpOnly(false).partitioned(false).sameSite(null).priority(null)
        .path(null).domain(null).expires(NOW, null)
        .format();

    assertThat(header).isEqualTo("sid=abc");
  }

  @Test
  void nullMaxAgeMakesABrowserSessionCookieEvenAfterAnExpiry() {
    String header = SetCookie.builder("sid", "abc")
        .expires(NOW, Duration.ofDays(1))
        .expires(NOW, null)
        .format();

    assertThat(header).isEqualTo("sid=abc");
  }

  @Test
  void expiresIsAnImfFixdateOfNowPlusMaxAge() {
    String header = SetCookie.builder("sid", "abc").expires(NOW, Duration.ZERO).format();

    assertThat(header).isEqualTo("sid=abc; Max-Age=0; Expires=Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void expiredCookieHasMaxAgeZeroAndExpiresAtTheEpoch() {
    String header = SetCookie.builder("sid", "").path("/").expired().format();

    assertThat(header)
        .isEqualTo("sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }

  @Test
  void subSecondPartsAreTruncated() {
    Instant now = NOW.plusMillis(600);

    String header = SetCookie.builder("sid", "abc").expires(now, Duration.ofMillis(1500)).format();

    // now + maxAge = 08:49:39.1, written as 08:49:39; Max-Age 1.5 s is written as 1.
    assertThat(header).isEqualTo("sid=abc; Max-Age=1; Expires=Sun, 06 Nov 1994 08:49:39 GMT");
  }

  @Test
  void maxAgeBeyondTwoToThe31MillisecondsIsExact() {
    Duration maxAge = Duration.ofMillis((1L << 31) + 1000); // 24.9 days

    String header = SetCookie.builder("sid", "abc").expires(NOW, maxAge).format();

    assertThat(header).isEqualTo("sid=abc; Max-Age=2147484; Expires="
        + IMF_FIXDATE.format(NOW.plusSeconds(2_147_484)));
    assertThat(header).endsWith("Expires=Thu, 01 Dec 1994 05:21:01 GMT");
  }

  @Test
  void maxAgeBeyondTwoToThe31SecondsIsExact() {
    Duration maxAge = Duration.ofSeconds((1L << 31) + 5); // 68 years

    String header = SetCookie.builder("sid", "abc").expires(NOW, maxAge).format();

    assertThat(header).isEqualTo("sid=abc; Max-Age=2147483653; Expires="
        + IMF_FIXDATE.format(NOW.plusSeconds(2_147_483_653L)));
    assertThat(header).endsWith("Expires=Fri, 24 Nov 2062 12:03:50 GMT");
  }

  @Test
  void expiresPastYear9999IsClampedWhileMaxAgeIsKept() {
    Duration maxAge = Duration.ofMillis(Long.MAX_VALUE / 2); // about 146 million years

    String header = SetCookie.builder("sid", "abc").expires(NOW, maxAge).format();

    assertThat(header).isEqualTo(
        "sid=abc; Max-Age=4611686018427387; Expires=Fri, 31 Dec 9999 23:59:59 GMT");
  }

  @Test
  void largestDurationDoesNotOverflow() {
    Duration maxAge = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    String header =
        SetCookie.builder("sid", "abc").expires(Instant.MAX, maxAge).format();

    assertThat(header).isEqualTo(
        "sid=abc; Max-Age=9223372036854775807; Expires=Fri, 31 Dec 9999 23:59:59 GMT");
  }

  @Test
  void negativeMaxAgeDeletesTheCookie() {
    String header = SetCookie.builder("sid", "abc").expires(NOW, Duration.ofSeconds(-30)).format();
    String farPast =
        SetCookie.builder("sid", "abc").expires(NOW, Duration.ofSeconds(Long.MIN_VALUE)).format();

    assertThat(header).isEqualTo("sid=abc; Max-Age=0; Expires=Sun, 06 Nov 1994 08:49:07 GMT");
    assertThat(farPast).isEqualTo("sid=abc; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }

  @Test
  void handWrittenDateMatchesJavaTimeOverTheWholeRange() {
    Random random = new Random(7231);
    for (int i = 0; i < 20_000; i++) {
      long epochSecond = (long) (random.nextDouble() * SetCookie.MAX_EXPIRES_EPOCH_SECOND);

      assertThat(SetCookie.imfFixdate(epochSecond))
          .isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)));
    }
    assertThat(SetCookie.imfFixdate(951_782_400L)).isEqualTo("Tue, 29 Feb 2000 00:00:00 GMT");
    assertThat(SetCookie.imfFixdate(SetCookie.MAX_EXPIRES_EPOCH_SECOND))
        .isEqualTo("Fri, 31 Dec 9999 23:59:59 GMT");
  }

  @Test
  void aRepeatedSecondIsWrittenFromTheLastDateAndAnotherSecondNeverIs() {
    long[] seconds = {1_700_000_000L, 1_700_000_000L, 1_700_000_001L, 1_700_000_000L, 0, 0,
        SetCookie.MAX_EXPIRES_EPOCH_SECOND, SetCookie.MAX_EXPIRES_EPOCH_SECOND + 5, 1_700_000_001L};
    for (long second : seconds) {
      long clamped = Math.min(second, SetCookie.MAX_EXPIRES_EPOCH_SECOND);
      assertThat(SetCookie.imfFixdate(second)).isEqualTo(IMF_FIXDATE.format(Instant.ofEpochSecond(clamped)));
      // inside a header, after other text: the remembered date is only the date
      assertThat(SetCookie.builder("sid", "abc").expires(Instant.ofEpochSecond(clamped), Duration.ZERO).format())
          .endsWith("; Expires=" + IMF_FIXDATE.format(Instant.ofEpochSecond(clamped)));
    }
  }

  @Test
  void aTemplateGivesEachValueItsAttributesAndStaysUnchanged() {
    SetCookie.Builder template = SetCookie.builder("sid", "").path("/app").domain("example.com")
        .secure(true).httpOnly(true).sameSite(SameSite.STRICT).partitioned(true).priority(CookiePriority.HIGH);
    SetCookie.Builder one = template.withValue("one");
    one.expires(Instant.ofEpochSecond(0), Duration.ofSeconds(60));
    assertThat(one.format()).isEqualTo("sid=one; Path=/app; Domain=example.com; Max-Age=60; "
        + "Expires=Thu, 01 Jan 1970 00:01:00 GMT; Secure; HttpOnly; SameSite=Strict; Partitioned; Priority=High");
    assertThat(template.withValue("two").format()).isEqualTo("sid=two; Path=/app; Domain=example.com; "
        + "Secure; HttpOnly; SameSite=Strict; Partitioned; Priority=High");
    assertThat(template.format()).startsWith("sid=; Path=/app;").doesNotContain("Max-Age");
    assertThatThrownBy(() -> template.withValue("a;b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cookie value");
  }

  @Test
  void invalidNamesAreRefused() {
    for (String name : new String[] {"", "a b", "a;b", "a=b", "a,b", "a\"b", "(a)", "a/b",
        "a\tb", "a\u0000", "a\u007f", "caf\u00e9", "a\r\nSet-Cookie: evil=1"}) {
      assertThatThrownBy(() -> SetCookie.builder(name, "v"))
          .as("name %s", name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cookie name")
          .hasMessageNotContaining("\r")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(() -> SetCookie.builder(null, "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie name is null");
  }

  @Test
  void tokenCharactersAreAcceptedInNames() {
    assertThat(SetCookie.builder("__Host-a.b_c!#$%&'*+-^`|~9", "v").format())
        .isEqualTo("__Host-a.b_c!#$%&'*+-^`|~9=v");
  }

  @Test
  void invalidValuesAreRefusedWithoutEchoingTheValue() {
    for (String value : new String[] {"a b", "a;b", "a,b", "a\"b", "a\\b", "caf\u00e9", "\"abc",
        "abc\"", "\"", "\"a b\"", "a\tb", "a\r\nX: y", "secret-session-id\u0000"}) {
      assertThatThrownBy(() -> SetCookie.builder("sid", value))
          .as("value %s", value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cookie value has")
          .hasMessageNotContaining("secret-session-id");
    }
    assertThatThrownBy(() -> SetCookie.builder("sid", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cookieOctetsAndQuotedValuesAreAccepted() {
    assertThat(SetCookie.builder("sid", "").format()).isEqualTo("sid=");
    assertThat(SetCookie.builder("sid", "\"\"").format()).isEqualTo("sid=\"\"");
    assertThat(SetCookie.builder("sid", "\"abc\"").format()).isEqualTo("sid=\"abc\"");
    assertThat(SetCookie.builder("sid", "e1.AbC-_x.base64==!#$%&'()*+-./:<=>?@[]^_`{|}~").format())
        .isEqualTo("sid=e1.AbC-_x.base64==!#$%&'()*+-./:<=>?@[]^_`{|}~");
  }

  @Test
  void pathAndDomainWithSemicolonsOrControlsAreRefused() {
    SetCookie.Builder builder = SetCookie.builder("sid", "abc");

    assertThatThrownBy(() -> builder.path("/a; Domain=evil.example"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("path ");
    assertThatThrownBy(() -> builder.path("/a\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\n");
    assertThatThrownBy(() -> builder.domain("example.com;"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("domain ");
    assertThatThrownBy(() -> builder.domain("ex\u0000ample.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.domain("b\u00fccher.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.path(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path is empty; use null to leave the path attribute out");
  }

  @Test
  void formatCanBeCalledRepeatedly() {
    SetCookie.Builder builder = SetCookie.builder("sid", "abc").path("/");

    assertThat(builder.format()).isEqualTo(builder.format()).isEqualTo("sid=abc; Path=/");
  }

  @Test
  void nameOfReadsTheNameOfASetCookieValue() {
    assertThat(SetCookie.nameOf("sid=abc; Path=/")).isEqualTo("sid");
    assertThat(SetCookie.nameOf(" sid \t=abc")).isEqualTo("sid");
    assertThat(SetCookie.nameOf("sid=")).isEqualTo("sid");
    assertThat(SetCookie.nameOf(SetCookie.builder("__Host-s", "v").path("/").format()))
        .isEqualTo("__Host-s");
  }

  @Test
  void nameOfIsNullWhenThereIsNoName() {
    assertThat(SetCookie.nameOf(null)).isNull();
    assertThat(SetCookie.nameOf("")).isNull();
    assertThat(SetCookie.nameOf("novalue")).isNull();
    assertThat(SetCookie.nameOf("=abc")).isNull();
    assertThat(SetCookie.nameOf("  =abc")).isNull();
    assertThat(SetCookie.nameOf("sid; Path=/a=b")).isNull();
  }
}
