package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code sessions4j} health contributor on Boot 4 ({@code org.springframework.boot.health.contributor}, module spring-boot-health); see {@link StoreHealth}. */
class Boot4SessionsHealthIndicator implements HealthIndicator {
  private final SessionManager manager;

  Boot4SessionsHealthIndicator(SessionManager manager) {
    this.manager = manager;
  }

  @Override
  public Health health() {
    StoreHealth.Result result = StoreHealth.check(manager);
    Health.Builder health = result.up() ? Health.up() : Health.down();
    if (result.failure() != null) {
      health.withException(result.failure());
    }
    return health.withDetails(result.details()).build();
  }
}
