package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.testing.ScriptedStore;
import jakarta.inject.Singleton;

/**
 * Puts a {@link ScriptedStore} (over a memory store; patches run over its get and save, as a
 * third-party store's would) under the default SessionManager, through a customizer; tests script
 * it: failing, answering later on its own thread, or held back until released.
 */
@Factory
@Requires(property = "spec.store", value = "shaped")
class ShapedStoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  ScriptedStore shapedStore() {
    return ScriptedStore.requiredOperationsOnly(MemoryStore.builder().build());
  }

  @Singleton
  SessionConfigCustomizer useShapedStore(ScriptedStore store) {
    return builder -> builder.store(store);
  }
}
