package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionSummary;
import io.sessions4j.core.id.SessionIds;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code sessions4j} actuator endpoint, like Boot's {@code sessions} endpoint for Spring
 * Session: a user's sessions, ending one or all of them, and counting sessions.
 *
 * <ul>
 *   <li>{@code GET /actuator/sessions4j?username=ada} — the user's live sessions: a {@code handle},
 *       the id redacted ({@code Abc123…}; in full only with {@code
 *       management.endpoint.sessions4j.show-ids=true}), created, last access and expiry.
 *   <li>{@code DELETE /actuator/sessions4j/{handle}?username=ada} — ends that session (the user is
 *       logged out there): 204, or 404 when none of the user's sessions has that handle.
 *   <li>{@code DELETE /actuator/sessions4j?username=ada} — ends every session of the user ("log out
 *       everywhere"): 200 with how many were ended.
 *   <li>{@code GET /actuator/sessions4j/count} — the number of live sessions in the store (cheap on
 *       the memory store; a count query or a key scan on JDBC and Redis).
 * </ul>
 *
 * <p>Access control is the application's: like every actuator endpoint it is off the web until
 * exposed ({@code management.endpoints.web.exposure.include=sessions4j}), and once exposed it must
 * be restricted to administrators (e.g. a {@code SecurityFilterChain} for {@code EndpointRequest.to("sessions4j")}).
 *
 * <p>A session id is a credential — whoever has it has the session (in store mode without keys it
 * is the cookie itself) — and endpoint output ends up in browsers, logs and tickets. So listings
 * show a handle instead: the first 128 bits of the id's SHA-256, base64url. It is the same on every
 * node and across restarts, reveals nothing usable, and a DELETE names it together with the user,
 * whose sessions are searched for it. Sessions are found by the principal index, which Spring
 * Security fills with the authenticated user's name (or {@code sessions4j.principal-attribute}).
 */
@Endpoint(id = SessionsEndpoint.ID)
public class SessionsEndpoint {
  /** The endpoint id: {@code /actuator/sessions4j}, {@code management.endpoint.sessions4j.*}. */
  public static final String ID = "sessions4j";

  private final SessionManager manager;
  private final boolean showIds;

  /** An endpoint over {@code manager}'s store; {@code showIds} puts full ids in listings. */
  public SessionsEndpoint(SessionManager manager, boolean showIds) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.showIds = showIds;
  }

  /** The live sessions of {@code username}. */
  @ReadOperation
  public UserSessions sessions(String username) {
    List<SessionDescriptor> sessions = find(username).stream()
        .map(s -> new SessionDescriptor(s.handle(), showIds ? s.id() : SessionIds.redact(s.id()),
            String.valueOf(s.createdAt()), String.valueOf(s.lastAccessedAt()), String.valueOf(s.expiresAt()),
            s.userAgent(), s.clientAddress()))
        .toList();
    return new UserSessions(username, sessions);
  }

  /** Ends the session of {@code username} whose handle is {@code handle}: 204, or 404 when there is none. */
  @DeleteOperation
  public WebEndpointResponse<Void> deleteSession(@Selector String handle, String username) {
    requireUsername(username);
    boolean ended = administration(() -> join(manager.destroySession(username, handle)));
    return new WebEndpointResponse<>(ended ? WebEndpointResponse.STATUS_NO_CONTENT : WebEndpointResponse.STATUS_NOT_FOUND);
  }

  /** Ends every session of {@code username}. */
  @DeleteOperation
  public EndedSessions deleteSessions(String username) {
    requireUsername(username);
    return new EndedSessions(username, administration(() -> join(manager.destroyAll(username))));
  }

  /** {@code GET /actuator/sessions4j/count}: the number of live sessions; 404 for any other name. */
  @ReadOperation
  public WebEndpointResponse<SessionCount> statistic(@Selector String name) {
    if (!"count".equals(name)) {
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
    return new WebEndpointResponse<>(new SessionCount(administration(() -> join(manager.countSessions()))));
  }

  private List<SessionSummary> find(String username) {
    requireUsername(username);
    return administration(() -> join(manager.findSessions(username)));
  }

  private static void requireUsername(String username) {
    if (username == null || username.isBlank()) {
      throw new InvalidEndpointRequestException("username is required", "username is required");
    }
  }

  /** An administration call; cookie mode or a store without the capability is a 400 saying so. */
  private static <T> T administration(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalStateException | UnsupportedOperationException e) {
      // cookie mode (no server-side sessions), or a store without a principal index / administration
      throw new InvalidEndpointRequestException(e.getMessage(), "sessions cannot be administered: " + e.getMessage());
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The handle of a session id: base64url of the first 16 bytes of its SHA-256 ({@link SessionIds#handle}). */
  public static String handle(String id) {
    return SessionIds.handle(id);
  }

  /**
   * What ending all of a user's sessions did.
   *
   * @param username the user
   * @param ended how many sessions were ended
   */
  public record EndedSessions(String username, int ended) {}

  /**
   * The number of live sessions.
   *
   * @param count live sessions in the store
   */
  public record SessionCount(long count) {}

  /**
   * One user's sessions.
   *
   * @param username the user asked for
   * @param sessions the user's live sessions
   */
  public record UserSessions(String username, List<SessionDescriptor> sessions) {}

  /**
   * One session, as the endpoint shows it.
   *
   * @param handle what DELETE takes to end it
   * @param id the id, redacted unless {@code show-ids} is on
   * @param createdAt when it was created (ISO-8601)
   * @param lastAccessedAt its last use the store knows of (ISO-8601)
   * @param expiresAt when it expires unless used again (ISO-8601)
   * @param userAgent the User-Agent that created it, with {@code sessions4j.client-hints=true}; else null
   * @param clientAddress the client address that created it, with {@code sessions4j.client-hints=true}; else null
   */
  public record SessionDescriptor(String handle, String id, String createdAt, String lastAccessedAt,
      String expiresAt, String userAgent, String clientAddress) {}
}
