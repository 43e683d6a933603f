package io.sessions4j.conformance.kit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConformanceOptionsTest {

  private static Check check(String id) {
    return Checks.http(id, "d", c -> {});
  }

  @Test
  void prefixesNameWholeItemsAndFamilies() {
    ConformanceOptions options = ConformanceOptions.builder().notApplicable("H2.4", "no proxy headers").build();
    assertThat(options.notApplicableReason(check("H2.4a"))).hasValue("no proxy headers");
    assertThat(options.notApplicableReason(check("H2.4"))).hasValue("no proxy headers");
    assertThat(options.notApplicableReason(check("H2.41"))).isEmpty();
    assertThat(options.notApplicableReason(check("H2.5a"))).isEmpty();
  }

  @Test
  void onlySelectsMatchingChecks() {
    ConformanceOptions options = ConformanceOptions.builder().only("H1").only("H4.8a").build();
    assertThat(options.selects(check("H1.10c"))).isTrue();
    assertThat(options.selects(check("H4.8a"))).isTrue();
    assertThat(options.selects(check("H4.8b"))).isFalse();
    assertThat(ConformanceOptions.defaults().selects(check("H5.5"))).isTrue();
  }

  @Test
  void declaredNotApplicableChecksAreReportedSkippedWithoutRunning() {
    Check exploding = Checks.http("H1.1a", "would fail", c -> {
      throw new CheckFailedException("ran");
    });
    ConformanceOptions options = ConformanceOptions.builder().notApplicable("H1.1", "framework always writes").build();
    CheckResult result = new ConformanceRunner(java.net.URI.create("http://127.0.0.1:1"), options,
        java.util.List.of(exploding)).runAll().get(0);
    assertThat(result.outcome()).isEqualTo(CheckResult.Outcome.NOT_APPLICABLE);
    assertThat(result.message()).contains("framework always writes");
  }

  @Test
  void everyCheckIdIsUnique() {
    assertThat(Checks.all()).extracting(Check::id).doesNotHaveDuplicates();
  }
}
