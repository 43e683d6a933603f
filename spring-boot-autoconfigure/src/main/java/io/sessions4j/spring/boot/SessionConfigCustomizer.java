package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionConfig;

/**
 * A bean that adjusts the {@link SessionConfig.Builder} after the {@code sessions4j.*} properties
 * (and the store they select) were applied: for what properties cannot say — listeners, allowed
 * types, {@code validate} / {@code beforeSave} hooks, an id generator, a clock, your own classes
 * inside Spring Security's context ({@code allowJacksonType}). The same hook as Micronaut's {@code
 * SessionConfigCustomizer}.
 *
 * <pre>{@code
 * @Bean
 * SessionConfigCustomizer shopSessions() {
 *   return builder -> builder.allowJacksonType(ShopUser.class).listener(new AuditListener());
 * }
 * }</pre>
 *
 * <p>Customizers run in their {@code @Order} (the starter's Spring Security customizer runs first,
 * so yours can override it); the configuration is validated after the last one.
 */
@FunctionalInterface
public interface SessionConfigCustomizer {

  /** Adjusts {@code builder}; it already holds the {@code sessions4j.*} properties and the store. */
  void customize(SessionConfig.Builder builder);
}
