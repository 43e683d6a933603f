package io.sessions4j.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.jdk.JdkHttpServerHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformanceMainTest {

  private record Output(int status, List<String> lines) {
    String last() {
      return lines.get(lines.size() - 1);
    }
  }

  private static Output run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ConformanceMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    return new Output(status, List.of(text.split("\n")));
  }

  @Test
  void printsALinePerCheckAndClosesWithTheCounts() throws Exception {
    try (JdkHttpServerHarness harness = JdkHttpServerHarness.start(0)) {
      Output output = run(harness.uri().toString(), "--only", "H1.3a", "--only", "H1.3-jdbc");
      assertThat(output.lines()).anyMatch(l -> l.startsWith("PASS H1.3a "));
      assertThat(output.lines()).anyMatch(l -> l.startsWith("N/A H1.3-jdbc ") && l.contains("501"));
      assertThat(output.last()).isEqualTo("1 passed, 0 failed, 1 skipped");
      assertThat(output.status()).isZero();
    }
  }

  @Test
  void exitsWithOneWhenACheckFails() {
    Output output = run("http://127.0.0.1:1", "--only", "H1.3a");
    assertThat(output.lines()).anyMatch(l -> l.startsWith("FAIL H1.3a ") && l.contains(": "));
    assertThat(output.last()).isEqualTo("0 passed, 1 failed");
    assertThat(output.status()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run().status()).isEqualTo(2);
    assertThat(run("not a url").status()).isEqualTo(2);
  }
}
