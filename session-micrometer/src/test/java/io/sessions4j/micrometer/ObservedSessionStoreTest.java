package io.sessions4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import io.sessions4j.testing.TestExchange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every call through an {@link ObservedSessionStore} is an observation, with the failure as its error. */
class ObservedSessionStoreTest {
  static final String KEY = "observed-test-key-0123456789abcdef-xyz";

  /** The observations stopped, as "contextual name key=value... [error]". */
  final List<String> stopped = new CopyOnWriteArrayList<>();
  final ObservationRegistry registry = ObservationRegistry.create();

  {
    registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStop(Observation.Context context) {
        StringBuilder line = new StringBuilder(context.getContextualName());
        for (KeyValue kv : context.getLowCardinalityKeyValues()) {
          line.append(' ').append(kv.getKey()).append('=').append(kv.getValue());
        }
        if (context.getError() != null) {
          line.append(" error");
        }
        stopped.add(line.toString());
      }
    });
  }

  @Test
  void storeCallsBecomeObservationsAndFailuresTheirErrors() {
    ScriptedStore scripted = ScriptedStore.over(MemoryStore.builder().build());
    SessionManager manager = SessionManager.create(SessionConfig.builder().keys(KEY)
        .store(ObservedSessionStore.wrap(scripted, "memory", registry))
        .storeFailurePolicy(StoreFailurePolicy.CONTINUE).build());

    TestExchange first = new TestExchange();
    Session s = manager.load(first).toCompletableFuture().join();
    s.put("user", "ada");
    manager.commit(first, s).toCompletableFuture().join();
    scripted.fail(ScriptedStore.Op.GET);
    manager.load(TestExchange.withCookieHeader(first.sessionCookie("sid"))).toCompletableFuture().join();

    assertThat(stopped).containsExactly(
        "sessions4j.store save operation=save store=memory",
        "sessions4j.store get operation=get store=memory error");
    assertThat(String.join(" ", stopped)).doesNotContain(s.id());
  }

  @Test
  void capabilitiesAreForwarded() {
    MemoryStore memory = MemoryStore.builder().build();
    ObservedSessionStore store = ObservedSessionStore.wrap(memory, "memory", registry);
    assertThat(store.sharesRecordData()).isTrue();
    assertThat(store.length().toCompletableFuture().join()).isZero();
    assertThat(store.findByPrincipal("ada").toCompletableFuture().join()).isEmpty();
    assertThat(stopped).containsExactly("sessions4j.store count operation=count store=memory",
        "sessions4j.store find operation=find store=memory");
  }

  @Test
  void observeWrapsStoresThatDoIoButNotTheMemoryStore() {
    MemoryStore memory = MemoryStore.builder().build();
    assertThat(ObservedSessionStore.observe(memory, registry)).as("the memory store").isSameAs(memory);
    assertThat(ObservedSessionStore.observe(null, registry)).as("cookie mode: no store").isNull();
    ScriptedStore scripted = ScriptedStore.over(memory);
    assertThat(ObservedSessionStore.observe(scripted, ObservationRegistry.NOOP)).isSameAs(scripted);

    SessionStore observed = ObservedSessionStore.observe(scripted, registry);
    assertThat(observed).isInstanceOf(ObservedSessionStore.class);
    assertThat(ObservedSessionStore.observe(observed, registry)).as("not twice").isSameAs(observed);
    observed.get("no-such-session").toCompletableFuture().join();
    assertThat(stopped).containsExactly("sessions4j.store get operation=get store=scripted");
  }
}
