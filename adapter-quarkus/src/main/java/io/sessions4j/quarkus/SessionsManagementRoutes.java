package io.sessions4j.quarkus;

import io.quarkus.vertx.http.ManagementInterface;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Session administration on Quarkus's <em>management interface</em> (its own port, 9000 by
 * default, off until {@code quarkus.management.enabled=true}; bind it to an internal address or
 * turn on its authentication, {@code quarkus.management.auth.*}): a user's sessions, ending one or
 * all of them, counting — over {@link SessionManager}'s administration API, without blocking the
 * event loop.
 *
 * <ul>
 *   <li>{@code GET /q/sessions4j?username=ada} — the user's live sessions: handle, id redacted,
 *       created, last access, expiry.
 *   <li>{@code DELETE /q/sessions4j/{handle}?username=ada} — ends that session: 204, or 404.
 *   <li>{@code DELETE /q/sessions4j?username=ada} — ends every session of the user: {@code {"ended": n}}.
 *   <li>{@code GET /q/sessions4j/count} — the number of live sessions.
 * </ul>
 *
 * <p>{@code /q} is Quarkus's non-application root ({@code quarkus.http.non-application-root-path}),
 * where {@code /q/health} and {@code /q/metrics} are too.
 *
 * Answers 400 when {@code username} is missing, in cookie mode or when the store lacks the
 * capability; 503 when the store fails. Listings never show session ids, only handles.
 */
@Singleton
public class SessionsManagementRoutes {
  /** Where the routes are, under the non-application root of the management interface. */
  public static final String PATH = "sessions4j";

  void register(@Observes ManagementInterface management, SessionManager manager) {
    String root = ConfigProvider.getConfig()
        .getOptionalValue("quarkus.http.non-application-root-path", String.class).orElse("q")
        .replaceAll("^/+|/+$", "");
    String path = (root.isEmpty() ? "/" : "/" + root + "/") + PATH;
    Router router = management.router();
    router.get(path + "/count").handler(ctx -> answer(ctx, () -> manager.countSessions(),
        count -> new JsonObject().put("count", count)));
    router.get(path).handler(ctx -> withUser(ctx, user -> answer(ctx, () -> manager.findSessions(user),
        sessions -> new JsonObject().put("username", user).put("sessions", describe(sessions)))));
    router.delete(path).handler(ctx -> withUser(ctx, user -> answer(ctx, () -> manager.destroyAll(user),
        ended -> new JsonObject().put("username", user).put("ended", ended))));
    router.delete(path + "/:handle").handler(ctx -> withUser(ctx, user -> answer(ctx,
        () -> manager.destroySession(user, ctx.pathParam("handle")),
        ended -> ended ? null : NOT_FOUND)));
  }

  /** The body that makes {@link #answer} send 404. */
  private static final JsonObject NOT_FOUND = new JsonObject().put("error", "no such session of that user");

  /**
   * The JSON of a user's sessions as the routes (and the Dev UI card) show them: handle, id
   * redacted, created, last access, expiry, and the client hints when recorded.
   */
  public static JsonArray describe(List<SessionSummary> sessions) {
    JsonArray array = new JsonArray();
    for (SessionSummary s : sessions) {
      array.add(new JsonObject(s.describe()));
    }
    return array;
  }

  private static void withUser(RoutingContext ctx, java.util.function.Consumer<String> then) {
    String user = ctx.queryParams().get("username");
    if (user == null || user.isBlank()) {
      send(ctx, 400, new JsonObject().put("error", "username is required"));
      return;
    }
    then.accept(user);
  }

  /** Runs an administration call and answers with its JSON (null: 204; {@link #NOT_FOUND}: 404). */
  private static <T> void answer(RoutingContext ctx, java.util.function.Supplier<CompletionStage<T>> call,
      Function<T, JsonObject> body) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      send(ctx, 400, new JsonObject().put("error", "sessions cannot be administered: " + e.getMessage()));
      return;
    }
    stage.whenComplete((value, failure) -> {
      if (failure == null) {
        JsonObject json = body.apply(value);
        if (json == null) {
          ctx.response().setStatusCode(204).end();
        } else {
          send(ctx, json == NOT_FOUND ? 404 : 200, json);
        }
        return;
      }
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof UnsupportedOperationException || cause instanceof IllegalStateException) {
        send(ctx, 400, new JsonObject().put("error", "sessions cannot be administered: " + cause.getMessage()));
      } else {
        send(ctx, 503, new JsonObject().put("error", "the session store failed: " + cause.getClass().getSimpleName()));
      }
    });
  }

  private static void send(RoutingContext ctx, int status, JsonObject json) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json.encode());
  }
}
