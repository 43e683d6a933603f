package io.sessions4j.micronaut;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.MethodBasedRouteInfo;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.sessions4j.core.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routes use the session for sure: those declaring a {@link Session} or {@link SessionValue
 * @SessionValue} argument, whose binders read the session synchronously, so the filter loads it
 * before they run. Decided once per route (one instance per filter, so per application).
 */
final class RoutesUsingSession {
  private final Map<RouteInfo<?>, Boolean> uses = new ConcurrentHashMap<>();

  /** True when the route matched for {@code request} binds the session or one of its attributes. */
  boolean uses(HttpRequest<?> request) {
    RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
    return route != null && uses.computeIfAbsent(route, RoutesUsingSession::bindsSession);
  }

  private static boolean bindsSession(RouteInfo<?> route) {
    if (!(route instanceof MethodBasedRouteInfo<?, ?> method)) {
      return false;
    }
    for (Argument<?> argument : method.getTargetMethod().getArguments()) {
      if (Session.class.isAssignableFrom(argument.getType())
          || argument.getAnnotationMetadata().hasAnnotation(SessionValue.class)) {
        return true;
      }
    }
    return false;
  }
}
