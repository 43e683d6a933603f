package io.sessions4j.helidon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Session administration as a Helidon {@link HttpService}, over {@link SessionManager}'s
 * administration API: under the path it is registered at ({@code /observe/sessions4j} through the
 * {@link SessionsObserver}),
 *
 * <ul>
 *   <li>{@code GET ?username=ada} — the user's live sessions: handle, id redacted, created, last
 *       access, expiry;
 *   <li>{@code DELETE /{handle}?username=ada} — ends that session: 204, or 404;
 *   <li>{@code DELETE ?username=ada} — ends every session of the user: {@code {"ended": n}};
 *   <li>{@code GET /count} — the number of live sessions.
 * </ul>
 *
 * Answers 400 without {@code username}, in cookie mode, or when the store lacks the capability;
 * 503 when the store fails. Listings never show session ids, only handles. Access control is the
 * application's: register it on an internal socket, or behind Helidon security.
 */
public final class SessionsAdminService implements HttpService {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SessionManager manager;

  private SessionsAdminService(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
  }

  /** The service over {@code manager} (e.g. {@code SessionFeature.manager()}). */
  public static SessionsAdminService create(SessionManager manager) {
    return new SessionsAdminService(manager);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/count", (req, res) -> answer(res, () -> Map.of("count", join(manager.countSessions()))))
        .get("/", (req, res) -> withUser(req, res, user -> answer(res, () -> Map.of("username", user,
            "sessions", describe(join(manager.findSessions(user)))))))
        .delete("/", (req, res) -> withUser(req, res, user -> answer(res, () -> Map.of("username", user,
            "ended", join(manager.destroyAll(user))))))
        .delete("/{handle}", (req, res) -> withUser(req, res, user -> {
          String handle = req.path().pathParameters().get("handle");
          answer(res, () -> join(manager.destroySession(user, handle)) ? null : Map.of("error", "no such session"));
        }));
  }

  private static List<Map<String, Object>> describe(List<SessionSummary> sessions) {
    return sessions.stream().map(SessionSummary::describe).toList();
  }

  private static void withUser(ServerRequest req, ServerResponse res, java.util.function.Consumer<String> then) {
    String user = req.query().first("username").orElse(null);
    if (user == null || user.isBlank()) {
      send(res, Status.BAD_REQUEST_400, Map.of("error", "username is required"));
      return;
    }
    then.accept(user);
  }

  /** Runs a (blocking: Helidon serves on virtual threads) administration call; null body: 204, an error body: 404. */
  private static void answer(ServerResponse res, java.util.function.Supplier<Map<String, ?>> call) {
    Map<String, ?> body;
    try {
      body = call.get();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      send(res, Status.BAD_REQUEST_400, Map.of("error", "sessions cannot be administered: " + e.getMessage()));
      return;
    } catch (RuntimeException e) {
      send(res, Status.SERVICE_UNAVAILABLE_503, Map.of("error", "the session store failed: " + e.getClass().getSimpleName()));
      return;
    }
    if (body == null) {
      res.status(Status.NO_CONTENT_204).send();
    } else {
      send(res, body.containsKey("error") ? Status.NOT_FOUND_404 : Status.OK_200, body);
    }
  }

  private static void send(ServerResponse res, Status status, Map<String, ?> body) {
    try {
      res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
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
