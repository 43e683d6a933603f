package io.sessions4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sessions4j.core.store.LayoutLimits;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.StoredSession;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@link SessionStore} whose every call is a Micrometer {@link Observation} named {@code
 * sessions4j.store} (contextual name {@code sessions4j.store <operation>}, low-cardinality keys
 * {@code store} and {@code operation}, the failure as its error): with a tracing bridge installed
 * (Micrometer Tracing to OpenTelemetry or Brave, as Spring Boot, Micronaut, Quarkus and Helidon set
 * up) each store call becomes a span of the request's trace. Session ids never go into an
 * observation.
 *
 * <p>It forwards every capability of the delegate ({@link PrincipalIndex}, {@link
 * StoreAdministration}, {@link SharedRecordData}, {@link LayoutLimits}); a capability the delegate lacks fails as the
 * delegate would. Wrap stores that do I/O (JDBC, Redis): the engine treats the memory store
 * specially (no breaker, no per-request time budget), which a wrapped memory store loses. Without
 * a wrapper there is nothing in the path — this is how traces stay out of the hot path when off.
 *
 * <pre>{@code
 * SessionStore store = ObservedSessionStore.observe(jdbcStore, observationRegistry);
 * SessionConfig config = SessionConfig.builder().store(store)...build();
 * }</pre>
 *
 * <p>The Spring Boot starter, the Micronaut adapter and the Quarkus adapter do this by themselves
 * when the application has an {@code ObservationRegistry} (see their docs; each has an option to
 * turn it off). Helidon has no {@code ObservationRegistry}: wrap the store there yourself.
 */
public final class ObservedSessionStore implements SessionStore, PrincipalIndex, StoreAdministration, SharedRecordData,
    LayoutLimits {
  /** The observation name. */
  public static final String NAME = "sessions4j.store";

  private final SessionStore delegate;
  private final String storeName;
  private final ObservationRegistry registry;

  private ObservedSessionStore(SessionStore delegate, String storeName, ObservationRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** {@code delegate}, its calls observed in {@code registry} with the tag {@code store=storeName}. */
  public static ObservedSessionStore wrap(SessionStore delegate, String storeName, ObservationRegistry registry) {
    return new ObservedSessionStore(delegate, storeName, registry);
  }

  /**
   * {@code store} with its calls observed in {@code registry}, tagged {@code store} as the meters
   * are ({@code jdbc}, {@code redis}, ...) — or {@code store} itself when observing it is not
   * worth it: the memory store (in-process calls of well under a microsecond: no span worth
   * having, and wrapping would lose the engine's special treatment of it), a store already
   * observed, a null store (cookie mode), or the no-op registry. What the framework integrations
   * call when the application has an {@code ObservationRegistry}.
   */
  public static SessionStore observe(SessionStore store, ObservationRegistry registry) {
    if (store == null || store instanceof MemoryStore || store instanceof ObservedSessionStore
        || registry == null || registry.isNoop()) {
      return store;
    }
    return new ObservedSessionStore(store, storeName(store), registry);
  }

  /** The {@code store} tag of {@code store}: its class name without {@code SessionStore}/{@code Store}, lower case. */
  static String storeName(SessionStore store) {
    if (store instanceof ObservedSessionStore observed) {
      return observed.storeName;
    }
    String name = store.getClass().getSimpleName();
    for (String suffix : new String[] {"SessionStore", "Store"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return name.substring(0, name.length() - suffix.length()).toLowerCase(Locale.ROOT);
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** The store this one observes. */
  public SessionStore delegate() {
    return delegate;
  }

  private <T> CompletionStage<T> observe(String operation, Supplier<? extends CompletionStage<T>> call) {
    Observation observation = Observation.createNotStarted(NAME, registry)
        .contextualName(NAME + " " + operation)
        .lowCardinalityKeyValue("store", storeName)
        .lowCardinalityKeyValue("operation", operation)
        .start();
    CompletionStage<T> stage;
    try (Observation.Scope ignored = observation.openScope()) {
      stage = call.get();
    } catch (RuntimeException e) {
      observation.error(e);
      observation.stop();
      throw e;
    }
    return stage.whenComplete((value, failure) -> {
      if (failure != null) {
        observation.error(failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
      }
      observation.stop();
    });
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    return observe("get", () -> delegate.get(id));
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    return observe("save", () -> delegate.save(session, expectedVersion));
  }

  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    return observe("update", () -> delegate.update(patch));
  }

  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    return observe("take", () -> delegate.take(id));
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    return observe("touch", () -> delegate.touch(id, accessedAt, expiresAt));
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    return observe("destroy", () -> delegate.destroy(id));
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    return observe("find", () -> PrincipalIndex.of(delegate).findByPrincipal(principal));
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    return observe("set", () -> StoreAdministration.of(delegate).set(session));
  }

  @Override
  public CompletionStage<Long> length() {
    return observe("count", () -> StoreAdministration.of(delegate).length());
  }

  @Override
  public CompletionStage<List<StoredSession>> all() {
    return observe("all", () -> StoreAdministration.of(delegate).all());
  }

  @Override
  public CompletionStage<Void> clear() {
    return observe("clear", () -> StoreAdministration.of(delegate).clear());
  }

  @Override
  public boolean sharesRecordData() {
    return SharedRecordData.sharedBy(delegate);
  }

  /** The delegate's limits (none for a store that keeps every guarantee). */
  @Override
  public Map<Guarantee, String> limits() {
    return LayoutLimits.of(delegate);
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    delegate.setExpiryListener(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ObservedSessionStore[" + delegate + "]";
  }
}
