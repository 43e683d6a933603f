package io.sessions4j.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request the application sees: every session method is answered by the sessions4j core
 * instead of the container's session manager.
 */
final class SessionRequestWrapper extends HttpServletRequestWrapper {
  private final RequestState state;
  private final SessionResponseWrapper response;

  SessionRequestWrapper(HttpServletRequest request, RequestState state, SessionResponseWrapper response) {
    super(request);
    this.state = state;
    this.response = response;
  }

  RequestState state() {
    return state;
  }

  /**
   * The session view. With {@code create=false} it is null while the request's session is new and
   * holds nothing (nobody asked for it yet), or after {@code invalidate()}. With {@code create=true}
   * a new session is only persisted once it holds data, unless {@code saveUninitialized} is on.
   */
  @Override
  public HttpSession getSession(boolean create) {
    return state.httpSession(create);
  }

  @Override
  public HttpSession getSession() {
    return state.httpSession(true);
  }

  /** New id, attributes kept (the core's {@code changeId()}); the old id stops working at commit. */
  @Override
  public String changeSessionId() {
    return state.changeSessionId();
  }

  /** The id the client presented and the core accepted; null when none was valid. */
  @Override
  public String getRequestedSessionId() {
    return state.requestedSessionId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return state.isRequestedSessionIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return state.isRequestedSessionIdFromCookie();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  /**
   * Starts async processing with these wrappers as the async request and response (instead of the
   * container's originals), so output written through {@code AsyncContext.getResponse()} still
   * commits the session before the response is committed.
   */
  @Override
  public AsyncContext startAsync() {
    return state.asyncContext(super.startAsync(this, response));
  }

  @Override
  public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
    return state.asyncContext(super.startAsync(servletRequest, servletResponse));
  }

  @Override
  public AsyncContext getAsyncContext() {
    return state.asyncContext(super.getAsyncContext());
  }
}
