package io.sessions4j.quarkus.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Quarkus application instances, one after the other, share a session through Redis: the
 * first launch of the application ({@code app.VisitMain}) creates a session and stops; the second,
 * a new instance with a new engine and a new Redis connection, is sent the first one's cookie and
 * reads and changes that session.
 */
@QuarkusMainTest
@ExtendWith(RequiresRedis.class)
class RestartedInstanceTest {

  @Test
  void sessionCreatedByOneInstanceIsReadByTheNext(QuarkusMainLauncher launcher) {
    LaunchResult first = launcher.launch();
    assertThat(first.exitCode()).as(first.getOutput() + first.getErrorOutput()).isZero();
    assertThat(first.getOutput()).contains("BODY {\"views\":1,\"by\":\"quarkus\"}");
    String cookie = first.getOutputStream().stream().filter(line -> line.startsWith("COOKIE "))
        .map(line -> line.substring("COOKIE ".length())).findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + first.getOutput()));

    LaunchResult second = launcher.launch(cookie);
    assertThat(second.exitCode()).as(second.getOutput() + second.getErrorOutput()).isZero();
    assertThat(second.getOutput()).contains("BODY {\"views\":2,\"by\":\"quarkus\"}");
  }
}
