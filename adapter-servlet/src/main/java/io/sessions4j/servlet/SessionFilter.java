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
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>Session listeners ({@code HttpSessionListener}, {@code HttpSessionIdListener}, {@code
 * HttpSessionAttributeListener}) hear about its sessions, and attribute values that are {@code
 * HttpSessionBindingListener}s are told when they are bound and unbound: the listeners registered
 * with the container are found at {@link #init} on Tomcat and Jetty ({@link #detectContainerListeners}),
 * and any listener can be given with {@link #addListener} or the {@code httpSessionListeners}
 * init-param (class names). See the module README, "Session listeners", for when each event fires.
 */
public class SessionFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  private static final AtomicLong INSTANCES = new AtomicLong();
  /** Init-param: session listener class names, separated by commas or whitespace. */
  static final String LISTENERS_PARAM = "httpSessionListeners";
  /** Init-param: whether to use the session listeners registered with the container ({@code true}/{@code false}). */
  static final String DETECT_PARAM = "detectContainerListeners";

  private final String stateAttribute = SessionFilter.class.getName() + ".state." + INSTANCES.incrementAndGet();
  private volatile SessionManager manager;
  private volatile boolean ownsManager;
  private final boolean programmatic;
  /** The session listeners; shared with the other filters of a shared engine. */
  private final HttpSessionEvents events;
  private volatile boolean detectContainerListeners = true;
  /** Set at init: the context the engine's events outside requests are reported in. */
  private volatile ServletContext servletContext;
  private volatile boolean destroyed;

  /** For {@code web.xml} and container instantiation: the configuration comes from the init-params. */
  public SessionFilter() {
    this.programmatic = false;
    this.events = new HttpSessionEvents();
  }

  /** A filter with its own engine for {@code config}; the engine is closed in {@link #destroy()}. */
  public SessionFilter(SessionConfig config) {
    this.manager = SessionManager.create(Objects.requireNonNull(config, "config"));
    this.ownsManager = true;
    this.programmatic = true;
    this.events = new HttpSessionEvents();
  }

  /**
   * A filter on a shared engine, which the caller keeps and closes. Filters on one engine share their
   * session listeners, as they share their sessions.
   */
  public SessionFilter(SessionManager manager) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.programmatic = true;
    this.events = HttpSessionEvents.sharedBy(manager);
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
    // the filter's own init-params (any filter may have them); the rest configure the engine
    String listenerClasses = params.remove(LISTENERS_PARAM);
    String detect = params.remove(DETECT_PARAM);
    if (programmatic) {
      if (!params.isEmpty()) {
        throw new ServletException("SessionFilter '" + filterName + "' was constructed with its configuration, "
            + "so its init-params " + params.keySet() + " would be ignored; remove them or use new SessionFilter()");
      }
    } else {
      try {
        SessionConfig config = SessionProperties.toBuilder(params).build();
        this.manager = SessionManager.create(config);
        this.ownsManager = true;
        LOG.log(System.Logger.Level.INFO, "SessionFilter '" + filterName + "' ready: " + config);
      } catch (IllegalArgumentException e) {
        throw new ServletException("SessionFilter '" + filterName + "' init-params are invalid: " + e.getMessage(), e);
      }
    }
    initListeners(filterConfig.getServletContext(), filterName, listenerClasses, detect);
  }

  /** Collects the session listeners (init-param, container) and bridges the core's events to them. */
  private void initListeners(ServletContext context, String filterName, String listenerClasses, String detect)
      throws ServletException {
    if (detect != null && !detect.isBlank()) {
      switch (detect.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> detectContainerListeners = true;
        case "false" -> detectContainerListeners = false;
        default -> throw new ServletException("SessionFilter '" + filterName + "' init-param " + DETECT_PARAM
            + " must be true or false, not '" + detect + "'");
      }
    }
    if (listenerClasses != null) {
      for (String className : listenerClasses.trim().split("[,\\s]+")) {
        if (!className.isEmpty()) {
          addListener(createListener(context, filterName, className));
        }
      }
    }
    if (detectContainerListeners && context != null) {
      ContainerListeners.registeredWith(context).forEach(this::addListener);
    }
    servletContext = context;
    bridgeCoreEvents();
    List<EventListener> all = events.all();
    if (!all.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "SessionFilter '" + filterName + "' tells these session listeners: "
          + all.stream().map(l -> l.getClass().getName()).toList());
    }
  }

  /** A listener class named in the init-param, created by the container (which may inject into it). */
  private static EventListener createListener(ServletContext context, String filterName, String className)
      throws ServletException {
    try {
      ClassLoader loader = context == null ? null : context.getClassLoader(); // an embedded Jetty may have none
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = SessionFilter.class.getClassLoader();
      }
      Class<? extends EventListener> type = Class.forName(className, true, loader).asSubclass(EventListener.class);
      EventListener listener = context != null ? context.createListener(type)
          : type.getDeclaredConstructor().newInstance();
      if (!HttpSessionEvents.isSessionListener(listener)) {
        throw new IllegalArgumentException("it is none of those types");
      }
      return listener;
    } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
      throw new ServletException("SessionFilter '" + filterName + "' init-param " + LISTENERS_PARAM + ": '"
          + className + "' is not a session listener class (HttpSessionListener, HttpSessionIdListener or "
          + "HttpSessionAttributeListener) on the application's class path: " + e, e);
    }
  }

  /** Once initialised: the engine's events outside requests reach the listeners too (store mode). */
  private void bridgeCoreEvents() {
    SessionManager m = manager;
    ServletContext context = servletContext;
    if (m != null && context != null) {
      events.bridge(m, context);
    }
  }

  /**
   * Tells {@code listener} about this filter's sessions: an {@code HttpSessionListener}, {@code
   * HttpSessionIdListener} or {@code HttpSessionAttributeListener} (or several at once, like Spring
   * Security's {@code HttpSessionEventPublisher}). Adding the same object twice (say, given here and
   * also found registered with the container) adds it once. May be called before or after {@link
   * #init}; listeners added before it are told from the first request.
   *
   * @return this filter
   * @throws IllegalArgumentException when {@code listener} is none of those types
   */
  public SessionFilter addListener(EventListener listener) {
    events.add(Objects.requireNonNull(listener, "listener"));
    bridgeCoreEvents();
    return this;
  }

  /** The session listeners this filter tells, in the order they were added or found. */
  public List<EventListener> listeners() {
    return events.all();
  }

  /**
   * Whether {@link #init} adds the session listeners registered with the container — in {@code
   * web.xml}, by {@code @WebListener} or with {@code ServletContext.addListener} — on Tomcat and
   * Jetty (default true; init-param {@code detectContainerListeners}). Turn it off when you give the
   * filter its listeners yourself and the container also holds other instances of them.
   *
   * @return this filter
   */
  public SessionFilter detectContainerListeners(boolean detect) {
    this.detectContainerListeners = detect;
    return this;
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
    RequestState state = new RequestState(engine, request, response, exchange, session, events);
    request.setAttribute(stateAttribute, state);
    request.setAttribute(Session.REQUEST_ATTRIBUTE, session);
    Sessions.exposeTrace(request, session);
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

  /** Stops telling the listeners about the engine's events, and closes the engine when this filter created it. */
  @Override
  public void destroy() {
    SessionManager m = manager;
    if (m == null || destroyed) {
      return;
    }
    destroyed = true;
    events.release(m);
    if (ownsManager) {
      m.close();
    }
  }
}
