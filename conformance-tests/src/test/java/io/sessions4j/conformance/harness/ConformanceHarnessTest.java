package io.sessions4j.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.memory.MemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConformanceHarnessTest {

  @Test
  void everyProfileOfTheTableBuildsAndMemoryProfilesRunWithoutEnvironment() {
    try (ConformanceHarness harness = ConformanceHarness.create(Map.of(), List.of())) {
      for (String profile : harness.profiles()) {
        boolean optionalStore = profile.equals("store-jdbc") || profile.equals("store-redis")
            || profile.equals("node-express-redis") || profile.equals("node-express-mysql")
            || profile.equals("node-koa-redis");
        assertThat(harness.supports(profile)).as(profile).isEqualTo(!optionalStore);
      }
      assertThat(harness.config("store-idle").absoluteTimeout()).hasSeconds(5);
      assertThat(harness.config("cookie-old").keys().size()).isEqualTo(1);
      assertThat(harness.config("cookie-rotated").keys().size()).isEqualTo(2);
      assertThat(harness.config("store").cookiePath()).isEqualTo("/p/store");
      assertThat(harness.store("store")).isNotNull();
      assertThat(harness.store("cookie")).isNull();
      assertThat(harness.config("node-cookie-session").cookieName()).isEqualTo("session");
      assertThat(harness.config("node-koa-session").cookieName()).isEqualTo("koa.sess");
      assertThat(harness.config("node-koa-session").keys()).isNull();
      assertThat(harness.config("node-koa-session").compatSecretCount()).isEqualTo(2);
      assertThat(harness.config("store").compat()).isNull();
    }
  }

  @Test
  void unsupportedProfileAnswers501OnEveryRoute() {
    try (ConformanceHarness harness = ConformanceHarness.create(Map.of(), List.of())) {
      assertThat(harness.manager("store-jdbc")).isNull();
      RouteResult.Json view = (RouteResult.Json) harness.handle("store-jdbc", "view", Map.of(), null);
      RouteResult.Json stats = (RouteResult.Json) harness.handle("store-jdbc", "_stats", Map.of(), null);
      assertThat(view.status()).isEqualTo(501);
      assertThat(view.body()).contains(ConformanceHarness.JDBC_URL_ENV);
      assertThat(stats.status()).isEqualTo(501);
    }
  }

  @Test
  void storeProfileUsesTheFactoryOfItsKindWhenItsUrlIsSet() {
    StoreFactory memoryAsJdbc = new StoreFactory() {
      @Override
      public String kind() {
        return "jdbc";
      }

      @Override
      public io.sessions4j.core.store.SessionStore create(String url) {
        assertThat(url).isEqualTo("jdbc:h2:mem:kit");
        return MemoryStore.builder().build();
      }
    };
    Map<String, String> env = Map.of(ConformanceHarness.JDBC_URL_ENV, "jdbc:h2:mem:kit");
    try (ConformanceHarness harness = ConformanceHarness.create(env, List.of(memoryAsJdbc))) {
      assertThat(harness.supports("store-jdbc")).isTrue();
      assertThat(harness.config("store-jdbc").mode()).isEqualTo(SessionMode.STORE);
      assertThat(harness.supports("store-redis")).isFalse();
    }
    try (ConformanceHarness harness = ConformanceHarness.create(env, List.of())) {
      RouteResult.Json view = (RouteResult.Json) harness.handle("store-jdbc", "view", Map.of(), null);
      assertThat(view.body()).contains("no StoreFactory of kind 'jdbc'");
    }
  }

  @Test
  void unknownProfilesAndRoutesAnswer404() {
    try (ConformanceHarness harness = ConformanceHarness.create(Map.of(), List.of())) {
      assertThat(((RouteResult.Json) harness.handle("nope", "view", Map.of(), null)).status()).isEqualTo(404);
      assertThat(((RouteResult.Json) harness.handle("store", "_nope", Map.of(), null)).status()).isEqualTo(404);
      assertThat(((RouteResult.Json) harness.handle("cookie", "_stats", Map.of(), null)).status()).isEqualTo(404);
    }
  }

  @Test
  void controlRoutesArmFailuresAndReportCounts() {
    try (ConformanceHarness harness = ConformanceHarness.create(Map.of(), List.of())) {
      harness.handle("store", "_fail", Map.of("op", List.of("get"), "count", List.of("2")), null);
      assertThat(((RouteResult.Json) harness.handle("store", "_stats", Map.of(), null)).body())
          .isEqualTo("{\"get\":0,\"save\":0,\"set\":0,\"writes\":0,\"touch\":0,\"destroy\":0,\"size\":0}");
      RouteResult.Json bad = (RouteResult.Json) harness.handle("store", "_fail", Map.of("op", List.of("explode")), null);
      assertThat(bad.status()).isEqualTo(400);
    }
  }

  @Test
  void exceptionsFromTheSessionAreCountedPerProfileButTheThrowRouteIsNot() {
    io.sessions4j.core.Session failing = (io.sessions4j.core.Session) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {io.sessions4j.core.Session.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "get":
            case "attributes":
              throw new IllegalStateException("cannot decode attribute");
            case "isNew":
              return true;
            case "loaded":
              return java.util.concurrent.CompletableFuture.completedFuture(proxy);
            default:
              return null;
          }
        });
    try (ConformanceHarness harness = ConformanceHarness.create(Map.of())) {
      try {
        harness.handle("cookie", "incr", Map.of("name", List.of("n")), failing);
      } catch (IllegalStateException expected) {
        // the adapter answers it as a handler failure
      }
      RouteResult thrown = harness.handle("cookie", "throw", Map.of("k", List.of("v")), failing);
      assertThat(thrown).isInstanceOf(RouteResult.Throw.class);
      assertThat(harness.exceptions("cookie")).isEqualTo(1);
      assertThat(harness.exceptions("store")).isZero();
      RouteResult.Json answer = (RouteResult.Json) harness.handle("cookie", "_exceptions", Map.of(), null);
      assertThat(answer.body()).isEqualTo("{\"exceptions\":1}");
    }
  }
}
