package io.sessions4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.testing.TestExchange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.servlet.FlashMap;

/** With Spring MVC on the classpath its flash maps read back as flash maps. */
class SpringMvcSupportTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsSpringMvcAutoConfiguration.class));

  @Test
  void flashMapsReadBackAsFlashMaps() {
    runner.run(context -> {
      SessionManager manager = context.getBean(SessionManager.class);
      FlashMap flash = new FlashMap();
      flash.put("message", "Saved!");
      flash.setTargetRequestPath("/cart");
      TestExchange first = new TestExchange();
      Session session = manager.load(first).toCompletableFuture().join();
      session.put("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS",
          new ArrayList<>(List.of(flash)));
      manager.commit(first, session).toCompletableFuture().join();

      Session next = manager.load(TestExchange.withCookieHeader(first.sessionCookie("sid"))).toCompletableFuture().join();
      List<?> maps = (List<?>) next.get("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS");
      assertThat(maps).singleElement().isInstanceOf(FlashMap.class);
      assertThat(((FlashMap) maps.get(0)).getTargetRequestPath()).isEqualTo("/cart");
    });
  }
}
