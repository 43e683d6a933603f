package io.sessions4j.conformance.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.harness.ConformanceProfiles;
import io.sessions4j.core.id.SessionIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The log scan finds keys and recorded ids wherever they were logged, and accepts redacted ids. */
class LogScanTest {

  @Test
  void findsSecretsLoggedThroughJulSystemLoggerAndTheConsoleStreams() {
    String id = "Xk3_f9QpL0a8sJd7wR2yT5uV6bN1mC4eZ0hG9iK8lO7";
    SeenSecrets.record(id + ".signature-part");
    String base64Key = Base64.getEncoder().encodeToString(ConformanceProfiles.OLD_KEY.getBytes(StandardCharsets.UTF_8));
    String text;
    try (LogCapture logs = LogCapture.start()) {
      Logger.getLogger("some.library").warning("configured with " + ConformanceProfiles.NEW_KEY);
      System.getLogger("io.sessions4j.test").log(System.Logger.Level.DEBUG, "debug: loaded session " + id);
      System.err.println("key " + base64Key);
      System.out.println("harmless: session " + SessionIds.redact(id));
      text = logs.text();
    }
    List<LogScan.Leak> leaks = LogScan.leaks(text, SeenSecrets.all());
    assertThat(leaks).extracting(LogScan.Leak::what)
        .contains("conformance-key-new (as given)", "conformance-key-old (base64)", "a session id or cookie value seen in the run");
    assertThat(leaks.toString()).doesNotContain(id).doesNotContain(ConformanceProfiles.NEW_KEY);
  }

  @Test
  void redactedIdsAndShortValuesAreNotLeaks() {
    String id = "Qw8_e7RtY6uI5oP4aS3dF2gH1jK0lZ9xC8vB7nM6q5W";
    assertThat(LogScan.leaks("session " + SessionIds.redact(id) + " sid=stale app=1", Map.of(id, "an id"))).isEmpty();
  }
}
