package io.sessions4j.micronaut.harness;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.ServerFilter;
import io.sessions4j.conformance.harness.ConformanceHarness;
import io.sessions4j.conformance.harness.ProtocolRoute;
import io.sessions4j.core.SessionManager;
import io.sessions4j.micronaut.SessionFilter;

/**
 * The adapter's filter, mounted once for all profiles: it picks the profile's manager from the
 * path. Control routes ({@code _stats}, …) and unsupported profiles get no session.
 */
@ServerFilter(ProtocolRoute.PREFIX + "**")
@Replaces(SessionFilter.class)
@Requires(property = "spec.name", value = MicronautHarness.SPEC)
class HarnessSessionFilter extends SessionFilter {
  private final ConformanceHarness harness;

  HarnessSessionFilter(SessionManager applicationManager, ConformanceHarness harness) {
    super(applicationManager);
    this.harness = harness;
  }

  @Override
  protected @Nullable SessionManager managerFor(HttpRequest<?> request) {
    ProtocolRoute route = ProtocolRoute.parse(request.getPath());
    if (route == null || ConformanceHarness.isControlRoute(route.route())) {
      return null;
    }
    return harness.manager(route.profile());
  }
}
