package io.sessions4j.webflux;

import io.sessions4j.core.Session;
import io.sessions4j.core.id.SessionIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The {@link WebSession} view of one loaded core {@link Session}. Every decision stays the
 * engine's: {@link #save()} is {@link Session#save()}, {@link #changeSessionId()} is {@link
 * Session#changeId()}, {@link #invalidate()} is {@link Session#destroy()}, and whether the end of the
 * request writes the store or sends a cookie is decided by the engine's commit, whatever {@link
 * #start()} or {@link #isStarted()} say.
 */
final class CoreWebSession implements WebSession {
  private final Session session;
  private final Map<String, Object> attributes;
  /** Cookie mode only: the id this view reports, since a cookie session has no server-side id. */
  private String opaqueId;
  private boolean started;

  CoreWebSession(Session session) {
    this.session = session;
    this.attributes = new SessionAttributesMap(session);
  }

  /** The core session behind this view. */
  Session session() {
    return session;
  }

  /**
   * The session id in store mode. In cookie mode the session has no server-side id, so this is an
   * opaque random value that stays the same for the rest of this request only.
   */
  @Override
  public String getId() {
    String id = session.id();
    if (id != null) {
      return id;
    }
    if (opaqueId == null) {
      opaqueId = UUID.randomUUID().toString();
    }
    return opaqueId;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  /**
   * Marks the session started for {@link #isStarted()}. It does not make the engine keep an empty
   * new session: {@code saveUninitialized} decides that, as for every adapter.
   */
  @Override
  public void start() {
    started = true;
  }

  /** True once {@link #start()} was called, the session came from the client, or it holds attributes. */
  @Override
  public boolean isStarted() {
    return started || !session.isNew() || session.isPopulated();
  }

  /** Writes the session now ({@link Session#save()}); the end of the request writes only what changes after. */
  @Override
  public Mono<Void> save() {
    return Mono.defer(() -> EventLoops.onCallerLoop(session.save()));
  }

  /** A new id, attributes kept ({@link Session#changeId()}): the old id stops working at the commit. */
  @Override
  public Mono<Void> changeSessionId() {
    return Mono.fromRunnable(session::changeId);
  }

  /** Ends the session ({@link Session#destroy()}): the record is deleted and the cookie cleared at the commit. */
  @Override
  public Mono<Void> invalidate() {
    return Mono.fromRunnable(session::destroy);
  }

  /** True once the session was invalidated in this request; the engine never hands out an expired session. */
  @Override
  public boolean isExpired() {
    return session.isDestroyed();
  }

  @Override
  public Instant getCreationTime() {
    return session.createdAt();
  }

  @Override
  public Instant getLastAccessTime() {
    return session.lastAccessedAt();
  }

  /**
   * Sets this session's own max age (the core's per-session {@code maxAge}, which also sets the
   * cookie's lifetime); zero or negative makes it a browser-session cookie, still bounded on the
   * server by {@code idleTimeout} or {@code defaultLifetime}.
   */
  @Override
  public void setMaxIdleTime(Duration maxIdleTime) {
    session.maxAge(maxIdleTime == null || maxIdleTime.isZero() || maxIdleTime.isNegative() ? null : maxIdleTime);
  }

  /** This session's max age; -1 s for a browser-session cookie. */
  @Override
  public Duration getMaxIdleTime() {
    return session.maxAge().orElse(Duration.ofSeconds(-1));
  }

  /** Never the full id: Spring Security logs sessions at debug level. */
  @Override
  public String toString() {
    return "WebSession[id=" + SessionIds.redact(session.id()) + ", new=" + session.isNew() + "]";
  }
}
