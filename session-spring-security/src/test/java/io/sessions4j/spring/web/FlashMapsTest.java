package io.sessions4j.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.spring.security.SpringSecuritySessions;
import io.sessions4j.testing.TestExchange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.servlet.FlashMap;

/** Spring MVC's flash maps read back as flash maps, with their target and expiry, in both modes. */
class FlashMapsTest {
  static final String KEY = "flash-map-test-key-0123456789abcdef-xyz";
  static final String ATTRIBUTE = "org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS";
  SessionManager manager;

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest
  @EnumSource(SessionMode.class)
  void flashMapsRoundTrip(SessionMode mode) {
    manager = SessionManager.create(SpringMvcSessions.configure(SpringSecuritySessions.configure(
        SessionConfig.builder().mode(mode).keys(KEY))).build());
    FlashMap saved = new FlashMap();
    saved.put("message", "Saved!");
    saved.put("count", 3);
    saved.put("items", List.of("apple", "pear"));
    saved.setTargetRequestPath("/cart");
    saved.addTargetRequestParam("page", "2");
    saved.setExpirationTime(1_800_000_000_000L);
    FlashMap other = new FlashMap();
    other.put("error", "Nope");
    List<FlashMap> maps = new ArrayList<>(List.of(saved, other));

    TestExchange first = new TestExchange();
    Session s = manager.load(first).toCompletableFuture().join();
    s.put(ATTRIBUTE, maps);
    manager.commit(first, s).toCompletableFuture().join();
    Session next = manager.load(TestExchange.withCookieHeader(first.sessionCookie("sid"))).toCompletableFuture().join();

    Object back = next.get(ATTRIBUTE);
    assertThat(back).isInstanceOf(List.class);
    List<?> list = (List<?>) back;
    assertThat(list).hasSize(2).allSatisfy(m -> assertThat(m).isInstanceOf(FlashMap.class));
    FlashMap first0 = (FlashMap) list.get(0);
    assertThat((Object) first0).isEqualTo(saved);
    assertThat(first0.getTargetRequestPath()).isEqualTo("/cart");
    assertThat(first0.getTargetRequestParams().get("page")).containsExactly("2");
    assertThat(first0.getExpirationTime()).isEqualTo(1_800_000_000_000L);
    assertThat(first0.get("items")).isEqualTo(List.of("apple", "pear"));
    assertThat(list.get(1)).isEqualTo(other);
  }
}
