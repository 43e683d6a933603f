package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Puts a {@link ShapedStore} under the default SessionManager, through a customizer. */
@Factory
@Requires(property = "spec.store", value = "shaped")
class ShapedStoreFactory {

  @Singleton
  @Bean(preDestroy = "close")
  ShapedStore shapedStore() {
    return new ShapedStore();
  }

  @Singleton
  SessionConfigCustomizer useShapedStore(ShapedStore store) {
    return builder -> builder.store(store);
  }
}
