package io.sessions4j.spring.boot;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.micrometer.ObservedSessionStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The engine's store calls are Observations as soon as the application has an {@link
 * ObservationRegistry} — no wrapping by hand — and not otherwise, nor for the memory store, nor when
 * turned off.
 */
class ObservationAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SessionsAutoConfiguration.class, SessionsObservationAutoConfiguration.class))
      .withPropertyValues("sessions4j.store-failure-policy=continue");

  /** A store that does "I/O" (not the memory store), whose calls can be made to fail. */
  static ScriptedStore scriptedStore() {
    return ScriptedStore.over(MemoryStore.builder().build());
  }

  @Test
  void withARegistryEveryStoreCallIsAnObservationTaggedWithStoreAndOperation() {
    ScriptedStore store = scriptedStore();
    runner.withBean(SessionStore.class, () -> store)
        .withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
          TestObservationRegistry registry = (TestObservationRegistry) context.getBean(ObservationRegistry.class);
          SessionManager manager = context.getBean(SessionManager.class);

          TestExchange first = new TestExchange();
          Session session = manager.load(first).toCompletableFuture().join();
          session.put("user", "ada");
          manager.commit(first, session).toCompletableFuture().join();
          String cookie = first.sessionCookie("sid");
          manager.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();
          store.fail(ScriptedStore.Op.GET);
          manager.load(TestExchange.withCookieHeader(cookie)).toCompletableFuture().join();

          assertThat(registry).hasNumberOfObservationsWithNameEqualTo(ObservedSessionStore.NAME, 3);
          assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
            assertThat(contexts).extracting(c -> c.getContextualName() + " "
                    + c.getLowCardinalityKeyValue("store").getValue() + " " + (c.getError() != null ? "error" : "ok"))
                .containsExactly("sessions4j.store save scripted ok", "sessions4j.store get scripted ok",
                    "sessions4j.store get scripted error");
            assertThat(contexts).allSatisfy(c -> assertThat(c.toString()).doesNotContain(session.id()));
          });
        });
  }

  @Test
  void withoutARegistryTheStoreIsUsedAsItIs() {
    ScriptedStore store = scriptedStore();
    runner.withBean(SessionStore.class, () -> store)
        .run(context -> assertThat(context.getBean(SessionManager.class).store()).isSameAs(store));
  }

  @Test
  void theMemoryStoreIsNeverObserved() {
    runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .run(context -> assertThat(context.getBean(SessionManager.class).store()).isInstanceOf(MemoryStore.class));
  }

  @Test
  void theyCanBeTurnedOff() {
    ScriptedStore store = scriptedStore();
    runner.withBean(SessionStore.class, () -> store)
        .withBean(ObservationRegistry.class, TestObservationRegistry::create)
        .withPropertyValues("sessions4j.tracing.enabled=false").run(context -> {
          assertThat(context).doesNotHaveBean(StoreObservations.class);
          assertThat(context.getBean(SessionManager.class).store()).isSameAs(store);
        });
  }

  @Test
  void withoutMicrometerObservationTheEngineStarts() {
    ScriptedStore store = scriptedStore();
    runner.withBean(SessionStore.class, () -> store)
        .withClassLoader(new FilteredClassLoader("io.micrometer.observation", "io.sessions4j.micrometer"))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(StoreObservations.class);
          assertThat(context.getBean(SessionManager.class).store()).isSameAs(store);
        });
  }
}
