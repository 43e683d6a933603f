package io.sessions4j.servlet;

import io.sessions4j.core.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link HttpSession} view of one core {@link Session}. Attribute values must be what the core
 * accepts (JSON values or types registered with {@code allowType}). It tells the filter's session
 * listeners ({@link HttpSessionEvents}) what the application does through it, when it does it:
 * attribute and binding events here, {@code sessionDestroyed} on {@link #invalidate()}; creation
 * and id changes are reported by {@link RequestState}.
 */
final class ServletHttpSession implements HttpSession {
  private final Session session;
  private final ServletContext context;
  private final RequestState state;
  private final HttpSessionEvents events;
  /** Cookie mode only: the id this view reports, since a cookie session has no server-side id. */
  private volatile RequestState.OpaqueId opaqueId;
  private volatile boolean invalid;
  /** Inside {@link #invalidate()}'s {@code sessionDestroyed}: a listener's own {@code invalidate()} is a no-op. */
  private boolean invalidating;
  /** {@code sessionCreated} was reported for this view, and no {@code sessionDestroyed} yet. */
  private boolean reportedLive;

  ServletHttpSession(Session session, ServletContext context, RequestState state, HttpSessionEvents events,
      RequestState.OpaqueId opaqueId) {
    this.session = session;
    this.context = context;
    this.state = state;
    this.events = events;
    this.opaqueId = opaqueId;
  }

  Session session() {
    return session;
  }

  /** Reports {@code sessionCreated}: a new session was handed to the application. */
  void reportCreated() {
    if (events.hasSessionListeners()) {
      reportedLive = true;
      state.reportedCreated(this, getId());
      events.created(this);
    }
  }

  /**
   * After the session's commit: a session reported created that was not kept (new and empty, with
   * {@code saveUninitialized} off, or its commit failed) is gone, and is reported destroyed, so
   * every {@code sessionCreated} has its {@code sessionDestroyed}.
   */
  void reportIfNotKept() {
    if (reportedLive && !invalid && session.isNew() && !session.isDestroyed()) {
      reportedLive = false;
      events.destroyed(this);
    }
  }

  boolean isInvalid() {
    return invalid || session.isDestroyed();
  }

  void opaqueId(RequestState.OpaqueId id) {
    this.opaqueId = id;
  }

  private void checkValid(String method) {
    if (isInvalid()) {
      throw new IllegalStateException(method + ": the session has been invalidated");
    }
  }

  @Override
  public long getCreationTime() {
    checkValid("getCreationTime");
    return session.createdAt().toEpochMilli();
  }

  /**
   * The session id in store mode. In cookie mode the session has no server-side id, so this is an
   * opaque random value that stays the same for the rest of this request only.
   */
  @Override
  public String getId() {
    RequestState.OpaqueId opaque = opaqueId;
    String id = opaque != null ? opaque.get() : session.id();
    return id != null ? id : "";
  }

  @Override
  public long getLastAccessedTime() {
    checkValid("getLastAccessedTime");
    return session.lastAccessedAt().toEpochMilli();
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  /**
   * Sets this session's own max age (the core's per-session {@code maxAge}, which also sets the
   * cookie's lifetime); zero or less makes it a browser-session cookie, still bounded on the server
   * by {@code idleTimeout} or {@code defaultLifetime}.
   */
  @Override
  public void setMaxInactiveInterval(int interval) {
    session.maxAge(interval <= 0 ? null : Duration.ofSeconds(interval));
  }

  /** This session's max age in seconds; -1 for a browser-session cookie. */
  @Override
  public int getMaxInactiveInterval() {
    return session.maxAge().map(d -> (int) Math.min(Integer.MAX_VALUE, d.toSeconds())).orElse(-1);
  }

  @Override
  public Object getAttribute(String name) {
    checkValid("getAttribute");
    return session.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid("getAttributeNames");
    return Collections.enumeration(List.copyOf(session.names()));
  }

  /**
   * Puts an attribute; a {@code null} value removes it.
   *
   * @throws IllegalArgumentException when the value is neither a JSON value nor a registered type
   */
  @Override
  public void setAttribute(String name, Object value) {
    checkValid("setAttribute");
    Objects.requireNonNull(name, "attribute name");
    if (value == null) {
      removeAttribute(name);
      return;
    }
    // the old value, for attributeReplaced and valueUnbound (decoded only when there is one)
    Object old = session.names().contains(name) ? session.get(name) : null;
    session.put(name, value); // refuses a value the codec cannot store: then nothing is reported
    events.attributeSet(this, name, value, old);
  }

  @Override
  public void removeAttribute(String name) {
    checkValid("removeAttribute");
    if (!session.names().contains(name)) {
      return;
    }
    Object old = session.remove(name);
    events.attributeRemoved(this, name, old);
  }

  /**
   * Destroys the session when the request commits; a later {@code getSession(true)} starts a new
   * one. Listeners hear {@code sessionDestroyed} first, while the attributes are still readable,
   * then {@code valueUnbound} and {@code attributeRemoved} for every attribute.
   */
  @Override
  public void invalidate() {
    checkValid("invalidate");
    if (invalidating) {
      return;
    }
    if (events.hasSessionListeners()) {
      invalidating = true;
      state.reported(getId());
      reportedLive = false;
      events.destroyed(this);
    }
    Map<String, Object> attributes = session.attributes();
    invalid = true;
    session.destroy();
    attributes.forEach((name, value) -> events.attributeRemoved(this, name, value));
  }

  @Override
  public boolean isNew() {
    checkValid("isNew");
    return session.isNew();
  }

  @Override
  public String toString() {
    return "HttpSession[" + session + "]";
  }
}
