package io.sessions4j.examples.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line every example takes, and the dev-only key. */
class ExampleArgsTest {
  @Test
  void modeAndPortAreTakenAndTheRestKeptInOrder() {
    ExampleArgs args = ExampleArgs.parse(new String[] {"--port", "0", "--sessions4j.max-age=1h", "--mode", "COOKIE", "x"});
    assertThat(args.mode()).isEqualTo(SessionMode.COOKIE);
    assertThat(args.port()).isZero();
    assertThat(args.others()).containsExactly("--sessions4j.max-age=1h", "x");
  }

  @Test
  void withoutArgumentsTheModeIsStoreOnPort8080() {
    ExampleArgs args = ExampleArgs.parse(new String[0]);
    assertThat(args.givenMode()).isNull();
    assertThat(args.mode()).isEqualTo(SessionMode.STORE);
    assertThat(args.port()).isEqualTo(8080);
    assertThat(args.requireNoOthers().others()).isEqualTo(List.of());
  }

  @Test
  void aDevOnlyKeyIsLongEnoughForTheEngine() {
    String key = ExampleKeys.devOnlyKey();
    assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(48);
    assertThat(ExampleKeys.devOnlyKey()).isNotEqualTo(key);
  }
}
