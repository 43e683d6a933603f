package io.sessions4j.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The {@link HttpSession} that listeners get for an event no request's view reported: a session the
 * store expired, one destroyed by id ({@code manager().destroy(id)}), or a lifecycle call made
 * through the core {@code Session}. It knows the session's id and the servlet context, nothing more:
 * the store does not hand back an expired or deleted session's data, so it has no attributes
 * ({@code getAttribute} is null, {@code getAttributeNames} empty). Changing it, or asking for times
 * it does not know, throws {@link IllegalStateException}, as an invalidated session does.
 */
final class DetachedHttpSession implements HttpSession {
  private final String id;
  private final ServletContext context;

  DetachedHttpSession(String id, ServletContext context) {
    this.id = id;
    this.context = context;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public Object getAttribute(String name) {
    return null;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.emptyEnumeration();
  }

  @Override
  public boolean isNew() {
    return false;
  }

  /** Unknown: -1, as for a session without a timeout of its own. */
  @Override
  public int getMaxInactiveInterval() {
    return -1;
  }

  @Override
  public long getCreationTime() {
    throw detached("getCreationTime");
  }

  @Override
  public long getLastAccessedTime() {
    throw detached("getLastAccessedTime");
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    throw detached("setMaxInactiveInterval");
  }

  @Override
  public void setAttribute(String name, Object value) {
    throw detached("setAttribute");
  }

  @Override
  public void removeAttribute(String name) {
    throw detached("removeAttribute");
  }

  @Override
  public void invalidate() {
    throw detached("invalidate");
  }

  private IllegalStateException detached(String method) {
    return new IllegalStateException(method + ": this session is reported from outside a request (expired or "
        + "destroyed in the store, or changed through the core Session); only its id and servlet context are known");
  }

  @Override
  public String toString() {
    return "HttpSession[detached, id=" + io.sessions4j.core.id.SessionIds.redact(id) + "]";
  }
}
