package io.sessions4j.servlet;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionProperties;
import io.sessions4j.core.SessionUnavailableException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every request it filters a sessions4j session, seen through the standard servlet API:
 * {@code request.getSession()} returns an {@code HttpSession} backed by the core (store or cookie
 * mode), and {@link Sessions#of} returns the core {@link Session} itself.
 *
 * <p>Configure it in code, {@code new SessionFilter(config)} or {@code new SessionFilter(manager)},
 * or in {@code web.xml} / {@code FilterRegistration} through init-params named like the {@link
 * SessionConfig.Builder} methods ({@code mode}, {@code keys}, {@code cookieName}, {@code maxAge},
 * …; parsed by {@link SessionProperties}). Register it for the {@code REQUEST}, {@code FORWARD}
 * and {@code ASYNC} dispatcher types, with async support on: a forwarded request's response is
 * completed when the forward returns, so the session must commit at the end of the forward.
 *
 * <p>Per request it opens the session lazily ({@link SessionManager#open}: the store is read on the
 * application's first use of it, which may wait on the request thread for at most {@code
 * storeTimeout} per store call), runs the chain with wrapped request and response, and commits the
 * session before the response is committed (see {@code SessionResponseWrapper} for the commit
 * points); a request that never used its session costs no store call and gets no session cookie.
 * When the store is unavailable at that first use (policy {@code FAIL}) the use throws {@link
 * SessionUnavailableException}; if the application lets it escape, the request is answered 503 with
 * {@code Retry-After: 1} (and in any case the session's commit fails with it).
 */
public class SessionFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String stateAttribute = SessionFilter.class.getName() + ".state." + INSTANCES.incrementAndGet();
  private volatile SessionManager manager;
  private volatile boolean ownsManager;
  private final boolean programmatic;

  /** For {@code web.xml} and container instantiation: the configuration comes from the init-params. */
  public SessionFilter() {
    this.programmatic = false;
  }

  /** A filter with its own engine for {@code config}; the engine is closed in {@link #destroy()}. */
  public SessionFilter(SessionConfig config) {
    this.manager = SessionManager.create(Objects.requireNonNull(config, "config"));
    this.ownsManager = true;
    this.programmatic = true;
  }

  /** A filter on a shared engine, which the caller keeps and closes. */
  public SessionFilter(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.programmatic = true;
  }

  /**
   * Builds the engine from the init-params when the filter was not given one.
   *
   * @throws ServletException naming the offending init-param when the configuration is invalid
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : Collections.list(filterConfig.getInitParameterNames())) {
      params.put(name, filterConfig.getInitParameter(name));
    }
    String filterName = filterConfig.getFilterName();
    if (programmatic) {
      if (!params.isEmpty()) {
        throw new ServletException("SessionFilter '" + filterName + "' was constructed with its configuration, "
            + "so its init-params " + params.keySet() + " would be ignored; remove them or use new SessionFilter()");
      }
      return;
    }
    try {
      SessionConfig config = SessionProperties.toBuilder(params).build();
      this.manager = SessionManager.create(config);
      this.ownsManager = true;
      LOG.log(System.Logger.Level.INFO, "SessionFilter '" + filterName + "' ready: " + config);
    } catch (IllegalArgumentException e) {
      throw new ServletException("SessionFilter '" + filterName + "' init-params are invalid: " + e.getMessage(), e);
    }
  }

  /** The engine this filter uses (for administration: {@code destroy(id)}, {@code findSessionIds}). */
  public SessionManager manager() {
    SessionManager m = manager;
    if (m == null) {
      throw new IllegalStateException("SessionFilter has no configuration yet: init() was not called");
    }
    return m;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (request.getAttribute(stateAttribute) instanceof RequestState state) {
      reenter(state, request, response, chain);
      return;
    }
    SessionManager engine = manager();
    ServletExchange exchange = new ServletExchange(request, response);
    // lazy: the store is read when the application first uses the session (this thread may wait)
    Session session = engine.open(exchange);
    RequestState state = new RequestState(engine, request, response, exchange, session);
    request.setAttribute(stateAttribute, state);
    request.setAttribute(Session.REQUEST_ATTRIBUTE, session);
    SessionResponseWrapper wrappedResponse = new SessionResponseWrapper(response, state);
    SessionRequestWrapper wrappedRequest = new SessionRequestWrapper(request, state, wrappedResponse);
    try {
      chain.doFilter(wrappedRequest, wrappedResponse);
    } catch (Throwable t) {
      if (state.answeredUnavailable(t)) {
        return;
      }
      state.commitAfterException(t);
      throw t;
    }
    if (request.isAsyncStarted()) {
      state.commitWhenAsyncEnds(request.getAsyncContext());
    } else {
      state.commitAtEnd("end of request");
    }
  }

  /**
   * A later dispatch of a request this filter already handles (forward, include, error page, async
   * dispatch): the session is the same. The end of a forward, and of an async dispatch that
   * finishes the request, commits it.
   */
  private void reenter(RequestState state, HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws IOException, ServletException {
    ServletRequest req = request;
    ServletResponse res = response;
    if (!wrapsOurs(request, state)) {
      SessionResponseWrapper wrappedResponse = new SessionResponseWrapper(response, state);
      req = new SessionRequestWrapper(request, state, wrappedResponse);
      res = wrappedResponse;
    }
    try {
      chain.doFilter(req, res);
    } catch (Throwable t) {
      if (state.answeredUnavailable(t)) {
        return;
      }
      state.commitAfterException(t);
      throw t;
    }
    if (request.isAsyncStarted()) {
      return;
    }
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      state.commitAtEnd("end of async dispatch");
    } else if (request.getDispatcherType() == DispatcherType.FORWARD) {
      // the container completes the response as soon as a forward returns (Tomcat even marks it
      // committed at once), before the forwarding filter chain unwinds
      state.commit("end of forward");
    }
  }

  private static boolean wrapsOurs(ServletRequest request, RequestState state) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      if (wrapper instanceof SessionRequestWrapper ours && ours.state() == state) {
        return true;
      }
      r = wrapper.getRequest();
    }
    return false;
  }

  /** Closes the engine when this filter created it. */
  @Override
  public void destroy() {
    SessionManager m = manager;
    if (m != null && ownsManager) {
      m.close();
    }
  }
}
