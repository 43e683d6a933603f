package io.sessions4j.quarkus.harness;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.vertx.harness.VertxConformanceRoutes;
import io.sessions4j.quarkus.SessionFilterRegistration;
import io.vertx.ext.web.Router;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The conformance harness inside the {@code @QuarkusTest} application: the per-profile session
 * filters registered as Quarkus {@code Filters} (as the adapter registers its own), ahead of the
 * application-wide sessions4j filter (which then sees a session already attached and passes), and
 * the protocol routes on Quarkus's router.
 */
@Singleton
public class QuarkusConformanceRoutes {
  private final ConformanceHarness harness = ConformanceHarness.create();
  private final VertxConformanceRoutes routes = new VertxConformanceRoutes(harness);

  void filters(@Observes Filters filters) {
    filters.register(routes.sessionFilter(), SessionFilterRegistration.PRIORITY + 10);
  }

  void routes(@Observes Router router) {
    router.route(ProtocolRoute.PREFIX + "*").handler(routes::handle);
  }

  @PreDestroy
  void close() {
    harness.close();
  }
}
