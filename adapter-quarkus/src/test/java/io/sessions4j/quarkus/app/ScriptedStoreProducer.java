package io.sessions4j.quarkus.app;

import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The test application's {@link io.sessions4j.core.store.SessionStore} bean (picked up by the
 * adapter's property-built configuration): a {@link ScriptedStore} over a memory store, which a
 * test makes answer at once (like the memory store), later on the store's own thread (like a JDBC
 * or Redis store), or only when released, and which records any thread that blocked on it. Patches
 * run over its get and save, as a third-party store's would.
 */
@Singleton
public class ScriptedStoreProducer {

  @Produces
  @Singleton
  public ScriptedStore scriptedStore() {
    return ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
  }
}
