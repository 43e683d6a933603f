package io.sessions4j.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.management.endpoint.annotation.Delete;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@code sessions4j} management endpoint (with {@code micronaut-management}): a user's sessions,
 * ending one or all of them, counting — over {@link SessionManager}'s administration API.
 *
 * <ul>
 *   <li>{@code GET /sessions4j?username=ada} — the user's live sessions: handle, id redacted,
 *       created, last access, expiry.
 *   <li>{@code DELETE /sessions4j/{handle}?username=ada} — ends that session: 204, or 404.
 *   <li>{@code DELETE /sessions4j?username=ada} — ends every session of the user: {@code {"ended": n}}.
 *   <li>{@code GET /sessions4j/count} — the number of live sessions.
 * </ul>
 *
 * <p>Sensitive by default, as Micronaut's endpoints are: without {@code micronaut-security} it
 * answers 401 until {@code endpoints.sessions4j.sensitive=false} — do that only behind your own
 * access control. Listings never show session ids (a credential), only handles.
 */
@Endpoint(id = "sessions4j", defaultSensitive = true)
@Requires(classes = Endpoint.class)
@Requires(beans = SessionManager.class)
public class SessionsEndpoint {
  private final SessionManager manager;

  /** The endpoint over the application's engine. */
  public SessionsEndpoint(SessionManager manager) {
    this.manager = manager;
  }

  /** The live sessions of {@code username}. */
  @Read
  public Map<String, Object> sessions(@QueryValue String username) {
    List<Map<String, Object>> sessions = administration(() -> join(manager.findSessions(required(username))))
        .stream().map(SessionSummary::describe).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("sessions", sessions);
    return body;
  }

  /** {@code GET /sessions4j/count}: the number of live sessions; 404 for any other name. */
  @Read
  public Map<String, Object> statistic(@Selector String name) {
    if (!"count".equals(name)) {
      throw new HttpStatusException(HttpStatus.NOT_FOUND, "no such statistic: " + name);
    }
    return Map.of("count", administration(() -> join(manager.countSessions())));
  }

  /** Ends the session of {@code username} whose handle is {@code handle}: 204, or 404 when there is none. */
  @Delete
  public HttpResponse<?> deleteSession(@Selector String handle, @QueryValue String username) {
    boolean ended = administration(() -> join(manager.destroySession(required(username), handle)));
    return ended ? HttpResponse.noContent() : HttpResponse.notFound();
  }

  /** Ends every session of {@code username}. */
  @Delete
  public Map<String, Object> deleteSessions(@QueryValue String username) {
    int ended = administration(() -> join(manager.destroyAll(required(username))));
    return Map.of("username", username, "ended", ended);
  }

  private static String required(String username) {
    if (username == null || username.isBlank()) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "username is required");
    }
    return username;
  }

  /** An administration call; cookie mode or a store without the capability is a 400 saying so. */
  private static <T> T administration(Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      throw new HttpStatusException(HttpStatus.BAD_REQUEST, "sessions cannot be administered: " + e.getMessage());
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
