package io.sessions4j.helidon;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserverConfigBase;
import io.helidon.webserver.observe.spi.Observer;
import io.helidon.webserver.spi.ServerFeature;
import io.sessions4j.core.SessionManager;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Session administration as a Helidon observer: the {@link SessionsAdminService} at {@code
 * /observe/sessions4j}, next to health and metrics. Added explicitly (never discovered), so it is
 * off unless the application asks for it; put the observe feature on an internal socket ({@code
 * sockets}) or behind Helidon security, as for any observer that changes state.
 *
 * <pre>{@code
 * SessionFeature sessions = SessionFeature.create(config.get("sessions4j"));
 * WebServer.builder()
 *     .addFeature(ObserveFeature.just(SessionsObserver.create(sessions.manager())))
 *     .routing(r -> r.addFeature(sessions)...)
 * }</pre>
 */
public final class SessionsObserver implements Observer {
  /** The observer's type and name, and its endpoint under the observe root. */
  public static final String TYPE = "sessions4j";

  private final SessionManager manager;
  private final ObserverConfigBase prototype = ObserverConfigBase.builder().name(TYPE).enabled(true).build();

  private SessionsObserver(SessionManager manager) {
    this.manager = manager;
  }

  /** The observer over {@code manager} (e.g. {@code SessionFeature.manager()}). */
  public static SessionsObserver create(SessionManager manager) {
    return new SessionsObserver(manager);
  }

  @Override
  public ObserverConfigBase prototype() {
    return prototype;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void register(ServerFeature.ServerFeatureContext context, List<HttpRouting.Builder> routings,
      UnaryOperator<String> endpoint) {
    String path = endpoint.apply(TYPE);
    for (HttpRouting.Builder routing : routings) {
      routing.register(path, SessionsAdminService.create(manager));
    }
  }
}
