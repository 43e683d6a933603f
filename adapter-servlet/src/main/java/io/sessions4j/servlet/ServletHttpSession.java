package io.sessions4j.servlet;

import io.sessions4j.core.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The {@link HttpSession} view of one core {@link Session}. Attribute values must be what the core
 * accepts (JSON values or types registered with {@code allowType}); binding listeners and container
 * session listeners are not called, since the container's session manager is bypassed.
 */
final class ServletHttpSession implements HttpSession {
  private final Session session;
  private final ServletContext context;
  /** Cookie mode only: the id this view reports, since a cookie session has no server-side id. */
  private volatile RequestState.OpaqueId opaqueId;
  private volatile boolean invalid;

  ServletHttpSession(Session session, ServletContext context, RequestState.OpaqueId opaqueId) {
    this.session = session;
    this.context = context;
    this.opaqueId = opaqueId;
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
    session.put(Objects.requireNonNull(name, "attribute name"), value);
  }

  @Override
  public void removeAttribute(String name) {
    checkValid("removeAttribute");
    session.remove(name);
  }

  /** Destroys the session when the request commits; a later {@code getSession(true)} starts a new one. */
  @Override
  public void invalidate() {
    checkValid("invalidate");
    invalid = true;
    session.destroy();
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
