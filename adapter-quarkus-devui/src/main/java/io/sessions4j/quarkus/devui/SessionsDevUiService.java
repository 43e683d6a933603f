package io.sessions4j.quarkus.devui;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.quarkus.SessionsConfig;
import io.sessions4j.quarkus.SessionsManagementRoutes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON-RPC methods behind the sessions4j Dev UI card (registered in dev mode only): the
 * session count, a user's sessions, ending one or all of them — over {@link SessionManager}'s
 * administration API, as the management routes — and the configuration without its secrets.
 * Failures (cookie mode, a store without the capability, a failing store) reach the card as the
 * call's error.
 */
public class SessionsDevUiService {
  /** Option names whose values are secrets: shown as {@value #HIDDEN}. */
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i)(^|[.-])keys?$|password|passwd|secret|token|credential");
  /** The user-info part of a URI ({@code redis://user:password@host}). */
  private static final Pattern URI_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
  static final String HIDDEN = "(hidden)";

  @Inject
  SessionManager manager;

  @Inject
  SessionsConfig config;

  /** {@code {"count": n}}: the number of live sessions. */
  public Uni<Map<String, Object>> count() {
    return Uni.createFrom().completionStage(() -> manager.countSessions())
        .map(count -> Map.<String, Object>of("count", count));
  }

  /** The user's live sessions: handle, id redacted, created, last access, expiry (client hints when recorded). */
  public Uni<List<Map<String, Object>>> sessions(String username) {
    return Uni.createFrom().completionStage(() -> manager.findSessions(required(username)))
        .map(found -> SessionsManagementRoutes.describe(found).stream()
            .map(session -> ((JsonObject) session).getMap()).toList());
  }

  /** Ends the user's session named by {@code handle}: {@code true}, or {@code false} when there is none. */
  public Uni<Boolean> end(String username, String handle) {
    return Uni.createFrom().completionStage(() -> manager.destroySession(required(username), handle));
  }

  /** Ends every session of the user: how many ended. */
  public Uni<Integer> endAll(String username) {
    return Uni.createFrom().completionStage(() -> manager.destroyAll(required(username)));
  }

  /**
   * The engine's mode, store and principal attribute, and the {@code sessions4j.*} properties as
   * set, secrets hidden: {@code keys}, passwords, tokens, and the user info of URIs.
   */
  public Map<String, Object> configuration() {
    SessionConfig engine = manager.config();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("mode", engine.mode().name());
    answer.put("store", engine.mode() == SessionMode.COOKIE || engine.store() == null
        ? "none (cookie mode)" : engine.store().getClass().getSimpleName());
    answer.put("principalAttribute", String.valueOf(engine.principalAttribute()));
    answer.put("properties", redacted(config.options()));
    return answer;
  }

  /** {@code options} with secret values hidden, named {@code sessions4j.<name>}. */
  static Map<String, String> redacted(Map<String, String> options) {
    Map<String, String> shown = new TreeMap<>();
    options.forEach((name, value) -> shown.put("sessions4j." + name, SECRET_NAME.matcher(name).find()
        ? HIDDEN : URI_USER_INFO.matcher(value).replaceAll(HIDDEN + "@")));
    return shown;
  }

  private static String required(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("username is required");
    }
    return username.trim();
  }
}
