package io.sessions4j.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRouteTest {

  @Test
  void parsesProfileAndRoute() {
    assertThat(ProtocolRoute.parse("/p/store-short/change-id")).isEqualTo(new ProtocolRoute("store-short", "change-id"));
    assertThat(ProtocolRoute.parse("/p/store/_stats")).isEqualTo(new ProtocolRoute("store", "_stats"));
  }

  @Test
  void rejectsOtherPaths() {
    assertThat(ProtocolRoute.parse("/")).isNull();
    assertThat(ProtocolRoute.parse("/p/store")).isNull();
    assertThat(ProtocolRoute.parse("/p/store/")).isNull();
    assertThat(ProtocolRoute.parse("/p//view")).isNull();
    assertThat(ProtocolRoute.parse("/p/store/view/extra")).isNull();
    assertThat(ProtocolRoute.parse("/q/store/view")).isNull();
  }

  @Test
  void decodesQueryAsUtf8KeepingOrderAndRepeats() {
    var query = ProtocolRoute.parseQuery("k=a%3Bb%3Dc&n=h%C3%A9llo+w&k=2&flag&bad=%zz");
    assertThat(query.keySet()).containsExactly("k", "n", "flag", "bad");
    assertThat(query.get("k")).isEqualTo(List.of("a;b=c", "2"));
    assertThat(query.get("n")).isEqualTo(List.of("héllo w"));
    assertThat(query.get("flag")).isEqualTo(List.of(""));
    assertThat(query.get("bad")).isEqualTo(List.of("%zz"));
    assertThat(ProtocolRoute.parseQuery(null)).isEmpty();
  }
}
