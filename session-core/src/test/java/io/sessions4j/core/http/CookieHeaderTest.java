package io.sessions4j.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {

  @Test
  void valueOfTheNamedCookieIsFoundAmongOthers() {
    List<String> headers = List.of("theme=dark; sid=abc123; lang=en");

    assertThat(CookieHeader.values(headers, "sid")).containsExactly("abc123");
  }

  @Test
  void everyMatchingValueIsReturnedInOrderAcrossHeaderLines() {
    List<String> headers = List.of("sid=path-specific; a=1", "b=2; sid=less-specific", "sid=third");

    assertThat(CookieHeader.values(headers, "sid"))
        .containsExactly("path-specific", "less-specific", "third");
  }

  @Test
  void duplicatesWithTheSameValueAreAllKept() {
    assertThat(CookieHeader.values(List.of("sid=x; sid=x"), "sid")).containsExactly("x", "x");
  }

  @Test
  void quotedValueIsUnwrapped() {
    List<String> headers =
        List.of("sid=\"abc123\"; empty=\"\"; lone=\"; inner=a\"b\"; half=\"abc; end=abc\"");

    assertThat(CookieHeader.values(headers, "sid")).containsExactly("abc123");
    assertThat(CookieHeader.values(headers, "empty")).containsExactly("");
    assertThat(CookieHeader.values(headers, "lone")).containsExactly("\"");
    assertThat(CookieHeader.values(headers, "inner")).containsExactly("a\"b\"");
    assertThat(CookieHeader.values(headers, "half")).containsExactly("\"abc");
    assertThat(CookieHeader.values(headers, "end")).containsExactly("abc\"");
  }

  @Test
  void whitespaceAroundNamesAndValuesIsIgnored() {
    List<String> headers = List.of("  a=1 ;\tsid \t=\t abc  ;b=2", "sid= \"quoted\" ");

    assertThat(CookieHeader.values(headers, "sid")).containsExactly("abc", "quoted");
  }

  @Test
  void valueIsEverythingAfterTheFirstEqualsSign() {
    assertThat(CookieHeader.values(List.of("sid=a=b==; x=1"), "sid")).containsExactly("a=b==");
  }

  @Test
  void pairsWithoutEqualsSignAreSkipped() {
    List<String> headers = List.of("sid; garbage;; =; sid=ok; ;sid");

    assertThat(CookieHeader.values(headers, "sid")).containsExactly("ok");
  }

  @Test
  void emptyValueIsAValue() {
    assertThat(CookieHeader.values(List.of("sid=; a=1"), "sid")).containsExactly("");
    assertThat(CookieHeader.values(List.of("a=1; sid="), "sid")).containsExactly("");
  }

  @Test
  void namesAreCaseSensitiveAndMatchedWhole() {
    List<String> headers = List.of("SID=upper; sid2=longer; xsid=prefixed; sid=exact; si=short");

    assertThat(CookieHeader.values(headers, "sid")).containsExactly("exact");
  }

  @Test
  void absentCookieGivesAnEmptyList() {
    assertThat(CookieHeader.values(List.of("a=1; b=2"), "sid")).isEmpty();
    assertThat(CookieHeader.values(List.of(), "sid")).isEmpty();
    assertThat(CookieHeader.values(List.of(""), "sid")).isEmpty();
    assertThat(CookieHeader.values(List.of(";;; ;"), "sid")).isEmpty();
  }

  @Test
  void nullInputsGiveAnEmptyList() {
    assertThat(CookieHeader.values(null, "sid")).isEmpty();
    assertThat(CookieHeader.values(Arrays.asList(null, "sid=1", null), "sid")).containsExactly("1");
    assertThat(CookieHeader.values(List.of("sid=1"), null)).isEmpty();
  }

  @Test
  void resultCannotBeModified() {
    List<String> values = CookieHeader.values(List.of("sid=1; sid=2"), "sid");

    assertThat(values).isUnmodifiable();
  }

  @Test
  void hugeHeadersAreParsedWithoutThrowing() {
    String manyPairsWithoutEquals = "x;".repeat(1_000_000) + "sid=found";
    String hugeValue = "sid=" + "v".repeat(5_000_000);

    assertThat(CookieHeader.values(List.of(manyPairsWithoutEquals), "sid"))
        .containsExactly("found");
    assertThat(CookieHeader.values(List.of(hugeValue), "sid").get(0)).hasSize(5_000_000);
  }

  @Test
  void randomHeadersNeverThrow() {
    Random random = new Random(6265);
    String alphabet = "sid=;\" \t,abc\u00e9\u0000\r\n";
    List<String> headers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      StringBuilder header = new StringBuilder();
      random.ints(random.nextInt(60), 0, alphabet.length())
          .forEach(c -> header.append(alphabet.charAt(c)));
      headers.add(header.toString());
    }

    for (String header : headers) {
      assertThat(CookieHeader.values(List.of(header), "sid")).isNotNull();
    }
  }
}
