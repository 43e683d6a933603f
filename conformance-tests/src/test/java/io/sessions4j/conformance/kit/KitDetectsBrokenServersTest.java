package io.sessions4j.conformance.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.jdk.JdkHttpServerHarness;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The checks can fail: servers broken on purpose make exactly the checks about that behaviour fail. */
class KitDetectsBrokenServersTest {

  @Test
  void missingHttpOnlyFailsTheDefaultAttributeChecks() throws Exception {
    Map<String, CheckResult.Outcome> outcomes = run(cookies -> rewrite(cookies, c -> c.replace("; HttpOnly", "")),
        "H2.1a", "H2.1b", "H1.3a");
    assertThat(outcomes).containsEntry("H2.1a", CheckResult.Outcome.FAILED)
        .containsEntry("H2.1b", CheckResult.Outcome.FAILED)
        .containsEntry("H1.3a", CheckResult.Outcome.PASSED);
  }

  @Test
  void secureOverPlainHttpFailsTheSecureChecks() throws Exception {
    Map<String, CheckResult.Outcome> outcomes = run(cookies -> rewrite(cookies, c -> c + "; Secure"),
        "H2.1a", "H2.3c", "H2.3d");
    assertThat(outcomes.values()).containsOnly(CheckResult.Outcome.FAILED);
  }

  @Test
  void droppedSessionCookiesFailTheRoundTripChecks() throws Exception {
    Map<String, CheckResult.Outcome> outcomes = run(cookies -> List.of(), "H1.1a", "H1.3a", "H1.3b", "H1.10a", "H4.2");
    assertThat(outcomes).containsEntry("H1.1a", CheckResult.Outcome.PASSED)
        .containsEntry("H1.3a", CheckResult.Outcome.FAILED)
        .containsEntry("H1.3b", CheckResult.Outcome.FAILED)
        .containsEntry("H1.10a", CheckResult.Outcome.FAILED)
        .containsEntry("H4.2", CheckResult.Outcome.FAILED);
  }

  @Test
  void cookieSentOnEveryResponseFailsTheNoCookieChecks() throws Exception {
    Map<String, CheckResult.Outcome> outcomes = run(
        cookies -> cookies.isEmpty() ? List.of("sid=spurious; Path=/") : cookies, "H1.1a", "H1.4a", "H1.7b");
    assertThat(outcomes.values()).containsOnly(CheckResult.Outcome.FAILED);
  }

  @Test
  void serverAnswering501EverywhereMakesEveryHttpCheckNotApplicable() throws Exception {
    try (FixedAnswerServer server = new FixedAnswerServer(501, "application/json", "{\"error\":\"unsupported\"}")) {
      List<CheckResult> results = new ConformanceRunner(server.uri()).runAll();
      assertThat(results).filteredOn(r -> r.check().kind() != Check.Kind.IN_PROCESS)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(CheckResult.Outcome.NOT_APPLICABLE));
    }
  }

  @Test
  void serverAnswering500EverywhereFailsEveryHttpCheckWithoutCrashingTheKit() throws Exception {
    try (FixedAnswerServer server = new FixedAnswerServer(500, "text/html", "<h1>oops</h1>")) {
      List<CheckResult> results = new ConformanceRunner(server.uri()).runAll();
      assertThat(results).filteredOn(r -> r.check().kind() != Check.Kind.IN_PROCESS)
          .isNotEmpty()
          .allSatisfy(r -> {
            assertThat(r.outcome()).as(r.line()).isEqualTo(CheckResult.Outcome.FAILED);
            assertThat(r.message()).as(r.line()).doesNotContain("could not complete");
          });
    }
  }

  @Test
  void serverFailingOnQuotedCookiesFailsOnlyTheHostileSyntaxCheck() throws Exception {
    try (JdkHttpServerHarness harness = JdkHttpServerHarness.startFailingOnCookie(cookie -> cookie.contains("\""))) {
      Map<String, CheckResult> results = new ConformanceRunner(harness.uri(),
          ConformanceOptions.builder().only("R1.1b").only("R1.1d").build()).runAll().stream()
          .collect(Collectors.toMap(r -> r.check().id(), r -> r));
      assertThat(results.get("R1.1b").outcome()).isEqualTo(CheckResult.Outcome.PASSED);
      assertThat(results.get("R1.1d").outcome()).isEqualTo(CheckResult.Outcome.FAILED);
      assertThat(results.get("R1.1d").message()).contains("a 500 answer").contains("[Cookie: sid=\"abc");
    }
  }

  @Test
  void serverLoadingEverySessionEagerlyFailsTheLazyLoadingChecks() throws Exception {
    try (JdkHttpServerHarness harness = JdkHttpServerHarness.startLoadingEagerly()) {
      Map<String, CheckResult.Outcome> outcomes = new ConformanceRunner(harness.uri(),
          ConformanceOptions.builder().only("H5.6a").only("H5.6b").only("H5.7").only("H5.1a").build()).runAll().stream()
          .collect(Collectors.toMap(r -> r.check().id(), CheckResult::outcome));
      assertThat(outcomes).containsEntry("H5.6a", CheckResult.Outcome.FAILED)
          .containsEntry("H5.6b", CheckResult.Outcome.FAILED)
          .containsEntry("H5.7", CheckResult.Outcome.PASSED)
          .containsEntry("H5.1a", CheckResult.Outcome.PASSED);
    }
  }

  @Test
  void nonJsonAnswersFailWithTheBodyAsEvidence() throws Exception {
    try (FixedAnswerServer server = new FixedAnswerServer(200, "application/json", "hello")) {
      CheckResult result = only(new ConformanceRunner(server.uri(), ConformanceOptions.builder().only("H1.3a").build()).runAll());
      assertThat(result.outcome()).isEqualTo(CheckResult.Outcome.FAILED);
      assertThat(result.message()).contains("not the protocol's session JSON").contains("body: hello");
    }
  }

  @Test
  void unreachableHarnessFailsInsteadOfPassing() {
    CheckResult result = only(new ConformanceRunner(java.net.URI.create("http://127.0.0.1:1"),
        ConformanceOptions.builder().only("H1.3a").build()).runAll());
    assertThat(result.outcome()).isEqualTo(CheckResult.Outcome.FAILED);
    assertThat(result.message()).contains("no answer from the harness");
  }

  private static Map<String, CheckResult.Outcome> run(UnaryOperator<List<String>> setCookieRewrite, String... ids) throws Exception {
    try (JdkHttpServerHarness harness = JdkHttpServerHarness.startRewritingSetCookie(setCookieRewrite)) {
      ConformanceOptions.Builder options = ConformanceOptions.builder();
      for (String id : ids) {
        options.only(id);
      }
      return new ConformanceRunner(harness.uri(), options.build()).runAll().stream()
          .collect(Collectors.toMap(r -> r.check().id(), CheckResult::outcome));
    }
  }

  private static List<String> rewrite(List<String> cookies, UnaryOperator<String> each) {
    return cookies.stream().map(each).collect(Collectors.toList());
  }

  private static CheckResult only(List<CheckResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0);
  }
}
