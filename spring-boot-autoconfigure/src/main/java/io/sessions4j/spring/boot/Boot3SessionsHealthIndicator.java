package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The {@code sessions4j} health contributor on Boot 3 ({@code org.springframework.boot.actuate.health}); see {@link StoreHealth}. */
class Boot3SessionsHealthIndicator implements HealthIndicator {
  private final SessionManager manager;

  Boot3SessionsHealthIndicator(SessionManager manager) {
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
