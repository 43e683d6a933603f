package io.sessions4j.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong {@code sessions4j.*} property stops the Quarkus application at startup, naming it. */
@QuarkusMainTest
@TestProfile(MisconfiguredStartupTest.BadMaxAge.class)
class MisconfiguredStartupTest {

  public static class BadMaxAge implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("sessions4j.max-age", "banana");
    }
  }

  @Test
  @Launch(value = {}, exitCode = 1)
  void applicationDoesNotStartAndTheMessageNamesTheOption(LaunchResult result) {
    assertThat(result.getErrorOutput() + result.getOutput())
        .contains("Invalid value for session option 'max-age'");
  }
}
