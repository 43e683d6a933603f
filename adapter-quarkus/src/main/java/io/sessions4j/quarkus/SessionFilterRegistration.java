package io.sessions4j.quarkus;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.sessions4j.core.SessionManager;
import io.sessions4j.vertx.SessionRouteFilter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Mounts {@link SessionRouteFilter} on Quarkus's HTTP router when the application starts, for every
 * route the router serves (Quarkus REST resources, reactive routes, plain Vert.x routes, static
 * resources). Building the filter builds the {@link SessionManager}, so a wrong {@code
 * sessions4j.*} property stops the application right here, at startup.
 */
@Singleton
public class SessionFilterRegistration {

  /**
   * The filter's priority among Quarkus {@code Filters} (higher runs first): early, so that every
   * later filter and route sees the session.
   */
  public static final int PRIORITY = 1000;

  void register(@Observes Filters filters, SessionManager manager) {
    filters.register(new SessionRouteFilter(manager), PRIORITY);
  }
}
