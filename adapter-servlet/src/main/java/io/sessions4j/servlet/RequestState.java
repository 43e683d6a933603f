package io.sessions4j.servlet;

import io.sessions4j.core.Await;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionUnavailableException;
import io.sessions4j.core.http.FailureResponse;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.http.HttpExchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the filter tracks for one request: the core session (and any it replaced after an
 * {@code invalidate()}), the {@code HttpSession} view, and whether the session was committed. It is
 * shared by the request and response wrappers and survives forwards and async dispatches as a
 * request attribute.
 */
final class RequestState {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A session and the exchange it was loaded through. */
  private record Loaded(Session session, HttpExchange exchange) {}

  private final SessionManager manager;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final HttpExchange exchange;
  private final HttpSessionEvents events;
  private final boolean cookieMode;
  /** Sessions invalidated in this request and replaced by a new one; committed before the current one. */
  private final List<Loaded> ended = new ArrayList<>(1);
  private Loaded current;
  private ServletHttpSession view;
  /** Views that reported {@code sessionCreated}, checked after the commit; null while there is none. */
  private List<ServletHttpSession> reportedCreated;
  /** Ids the views reported listener events about, cleared once the session is committed; null while none. */
  private List<String> reportedIds;
  /** Cookie mode: the opaque id the next view reports. */
  private OpaqueId opaqueId;
  /** The session the request started with (lazy in store mode: read on first use). */
  private final Session original;
  /** Store mode: the id the request presented and the store confirmed, or null; known once resolved. */
  private String requestedId;
  /** Cookie mode: the opaque id that stands for the presented cookie session, or null. */
  private OpaqueId requestedOpaqueId;
  private boolean requestedFromCookie;
  /** Whether the requested-id fields are known (store mode learns them from the store read). */
  private boolean requestedResolved;
  private final AtomicBoolean committed = new AtomicBoolean();
  private volatile boolean failed;
  private volatile String commitPoint;
  /** The id the response's commit sent or kept (store mode; null when none or not loaded then). */
  private volatile String committedId;
  /** The session was already destroyed when the response's commit committed it (a logout's redirect). */
  private volatile boolean committedDestroyed;
  private SessionAsyncContext asyncContext;

  RequestState(SessionManager manager, HttpServletRequest request, HttpServletResponse response,
      HttpExchange exchange, Session session, HttpSessionEvents events) {
    this.manager = manager;
    this.events = events;
    this.request = request;
    this.response = response;
    this.exchange = exchange;
    this.current = new Loaded(session, exchange);
    this.cookieMode = manager.config().mode() == SessionMode.COOKIE;
    this.opaqueId = cookieMode ? new OpaqueId() : null;
    this.original = session;
    if (cookieMode) {
      resolveRequested(); // a cookie session is decoded already: knowing costs nothing
    }
  }

  /**
   * What the request presented, known once its session is loaded: in store mode this uses the
   * session (a lazy session is read now), as {@code getRequestedSessionId()} and its siblings must
   * know whether the presented id named a live session.
   */
  private synchronized void resolveRequested() {
    if (requestedResolved) {
      return;
    }
    boolean presented;
    if (cookieMode) {
      presented = !original.isNew();
      requestedOpaqueId = presented ? opaqueId : null;
    } else {
      requestedId = manager.requestedId(original);
      presented = requestedId != null;
    }
    if (presented) {
      String idHeader = manager.config().idHeader();
      boolean viaHeader = idHeader != null && exchange.requestHeader(idHeader) != null;
      requestedFromCookie = manager.config().idCookie() && !viaHeader;
    }
    requestedResolved = true;
  }

  synchronized Session session() {
    return current.session();
  }

  // ---- HttpSession ----------------------------------------------------------------------------

  /**
   * {@code getSession(create)}: see {@link SessionRequestWrapper#getSession(boolean)}. Handing out
   * the view of a new session reports {@code sessionCreated} (outside this object's lock, so a
   * listener may use the request freely).
   */
  HttpSession httpSession(boolean create) {
    ServletHttpSession handedOut;
    synchronized (this) {
      Session session = current.session();
      boolean ended = session.isDestroyed() || (view != null && view.isInvalid());
      if (view != null && !ended) {
        return view;
      }
      if (ended) {
        if (!create) {
          return null;
        }
        requireUncommitted();
        startNewSession();
      } else if (session.isNew() && !session.isPopulated()) {
        if (!create) {
          return null;
        }
        requireUncommitted();
      }
      view = new ServletHttpSession(current.session(), request.getServletContext(), this, events, opaqueId);
      handedOut = view;
    }
    if (handedOut.session().isNew()) {
      // the id it reports is the one the client gets: a store-mode id is drawn now, and kept
      handedOut.reportCreated();
    }
    return handedOut;
  }

  /** A view reported a listener event about {@code id}: the core's own event about it is not reported again. */
  void reported(String id) {
    events.markReported(id);
    synchronized (this) {
      if (reportedIds == null) {
        reportedIds = new ArrayList<>(2);
      }
      reportedIds.add(id);
    }
  }

  /** A view reported {@code sessionCreated} (and its id): after the commit it is checked for being kept. */
  void reportedCreated(ServletHttpSession created, String id) {
    reported(id);
    synchronized (this) {
      if (reportedCreated == null) {
        reportedCreated = new ArrayList<>(1);
      }
      reportedCreated.add(created);
    }
  }

  /** As containers do: a session that the client cannot learn about is refused. */
  private void requireUncommitted() {
    if (response.isCommitted()) {
      throw new IllegalStateException("Cannot create a session after the response has been committed");
    }
  }

  /** After invalidate(): a brand-new session for the rest of the request, as the servlet spec requires. */
  private void startNewSession() {
    HttpExchange fresh = manager.withoutPresentedSession(exchange);
    Session session = Await.result(manager.load(fresh));
    ended.add(current);
    current = new Loaded(session, fresh);
    request.setAttribute(Session.REQUEST_ATTRIBUTE, session);
    Sessions.exposeTrace(request, session);
    if (cookieMode) {
      opaqueId = new OpaqueId();
    }
  }

  /** {@code changeSessionId()}: the core's {@code changeId()}, reported to {@code HttpSessionIdListener}s. */
  String changeSessionId() {
    if (!(httpSession(false) instanceof ServletHttpSession session)) {
      throw new IllegalStateException("changeSessionId() needs a session, and this request has none");
    }
    String oldId = events.hasIdListeners() ? session.getId() : null;
    synchronized (this) {
      session.session().changeId();
      if (cookieMode) {
        opaqueId = new OpaqueId();
        session.opaqueId(opaqueId);
      }
    }
    String newId = session.getId();
    if (oldId != null) {
      reported(oldId);
      reported(newId);
      events.idChanged(session, oldId);
    }
    return newId;
  }

  synchronized String requestedSessionId() {
    resolveRequested();
    return requestedOpaqueId != null ? requestedOpaqueId.get() : requestedId;
  }

  synchronized boolean isRequestedSessionIdValid() {
    resolveRequested();
    if (!ended.isEmpty() || current.session().isDestroyed()) {
      return false;
    }
    if (cookieMode) {
      // the same opaque id object: neither invalidated nor given a new id since the request began
      return requestedOpaqueId != null && requestedOpaqueId == opaqueId;
    }
    return requestedId != null && requestedId.equals(current.session().id());
  }

  synchronized boolean isRequestedSessionIdFromCookie() {
    resolveRequested();
    return requestedFromCookie;
  }

  /**
   * Cookie mode's stand-in for a session id: a cookie session has no server-side id, so {@code
   * getId()} reports a random value that stays the same for the rest of the request. It is drawn
   * only when asked for, so requests that never call {@code getId()} cost no SecureRandom draw.
   */
  static final class OpaqueId {
    private String value;

    synchronized String get() {
      if (value == null) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      return value;
    }
  }

  // ---- commit ---------------------------------------------------------------------------------

  boolean isCommitted() {
    return committed.get();
  }

  /** True once a failed commit replaced the application's response with an error answer. */
  boolean failed() {
    return failed;
  }

  /**
   * Commits the session unless that already happened; {@code point} names what triggered it (for
   * logs). Returns false when the commit failed and the response now carries an error answer, so
   * the application's further output must be discarded.
   */
  boolean commit(String point) {
    if (!committed.compareAndSet(false, true)) {
      return !failed;
    }
    commitPoint = point;
    Throwable failure = commitAll();
    Session committedSession = session();
    committedId = committedSession.isLoaded() ? committedSession.id() : null;
    committedDestroyed = committedSession.isLoaded() && committedSession.isDestroyed();
    afterCommit();
    if (failure == null) {
      return true;
    }
    failed = true;
    answerFailure(failure);
    return false;
  }

  /**
   * The application let a {@link SessionUnavailableException} escape — the store failed when the
   * session was first used (policy FAIL): answers 503 as a failed load before the chain did, when
   * the response is not committed yet. Returns false when it could not (the failure then
   * propagates).
   */
  boolean answeredUnavailable(Throwable applicationFailure) {
    FailureResponse answer = null;
    for (Throwable t = applicationFailure; t != null && answer == null; t = t.getCause()) {
      if (t instanceof SessionUnavailableException) {
        answer = FailureResponse.of(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (answer == null || response.isCommitted() || !committed.compareAndSet(false, true)) {
      return false;
    }
    failed = true;
    commitPoint = "first use of the session (store unavailable)";
    try {
      response.reset();
      writeTextAnswer(response, answer); // the engine has logged the store failure
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.ERROR, "the session error answer could not be written: " + e);
    }
    return true;
  }

  /** The application threw: commit what it did so far (the cookie must still go out), then let it propagate. */
  void commitAfterException(Throwable applicationFailure) {
    if (!committed.compareAndSet(false, true)) {
      return;
    }
    commitPoint = "exception (" + applicationFailure.getClass().getSimpleName() + ")";
    Throwable failure = commitAll();
    afterCommit();
    if (failure != null) {
      LOG.log(Level.ERROR, "session could not be committed after the application threw: " + failure);
      applicationFailure.addSuppressed(failure);
    }
  }

  /** End of the request's last dispatch. */
  void commitAtEnd(String point) {
    boolean earlier = committed.get();
    commit(point);
    if (earlier && !failed && manager.config().autoCommit()) {
      Session session = session();
      if (session.isLoaded() && session.isChanged()) { // a session nothing used is not read for this
        commitLate(session);
      }
    }
  }

  /**
   * The session changed after its commit at the response's commit (a change after
   * {@code sendRedirect}, as Spring Security's success handler makes): in store mode the store is
   * written again — the client already holds the id — as Spring Session does at the end of its
   * filter; in cookie mode the cookie cannot follow a committed response, so the change is lost,
   * and said so.
   */
  private void commitLate(Session session) {
    if (session.isDestroyed() && committedDestroyed) {
      return; // the destroy went out with the response (every logout's redirect): nothing changed since
    }
    if (manager.config().mode() == SessionMode.COOKIE) {
      LOG.log(Level.WARNING, "the session changed after it was committed (at: " + commitPoint
          + ", before the response was committed); in cookie mode those changes cannot be sent. Change the "
          + "session before writing, flushing or redirecting the response.");
      return;
    }
    if (!session.isDestroyed() && (session.id() == null || !session.id().equals(committedId))) {
      LOG.log(Level.WARNING, "the session got a new id after it was committed (at: " + commitPoint
          + ", before the response was committed); the client cannot be told it, so the change is not saved. "
          + "Regenerate or change the session id before writing, flushing or redirecting the response.");
      return;
    }
    try {
      Await.result(session.save());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the session changed after the response was committed (at: " + commitPoint
          + ") and could not be saved afterwards: " + e);
    }
  }

  private Throwable commitAll() {
    List<Loaded> all;
    synchronized (this) {
      all = new ArrayList<>(ended);
      all.add(current);
    }
    Throwable first = null;
    for (Loaded loaded : all) {
      try {
        Await.result(manager.commit(loaded.exchange(), loaded.session()));
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }

  /**
   * The session is committed, so the core has reported whatever it will about this request's
   * sessions: a session reported created but not kept is reported destroyed, and the ids the views
   * reported are released.
   */
  private void afterCommit() {
    List<ServletHttpSession> created;
    List<String> ids;
    synchronized (this) {
      created = reportedCreated;
      ids = reportedIds;
      reportedCreated = null;
      reportedIds = null;
    }
    if (created != null) {
      created.forEach(ServletHttpSession::reportIfNotKept);
    }
    if (ids != null) {
      ids.forEach(events::clearReported);
    }
  }

  private void answerFailure(Throwable failure) {
    String where = "at: " + commitPoint;
    if (response.isCommitted()) {
      FailureResponse.logUnanswerable(LOG, failure, where);
      return;
    }
    FailureResponse answer = FailureResponse.forFailedCommit(LOG, failure, where);
    try {
      response.reset();
      writeTextAnswer(response, answer);
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.ERROR, "the session error answer could not be written: " + e);
    }
  }

  /** The engine's failure answer, as plain text on a response that nothing has been written to. */
  static void writeTextAnswer(HttpServletResponse response, FailureResponse answer) throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    if (answer.retryAfterSeconds() > 0) {
      response.setHeader("Retry-After", Integer.toString(answer.retryAfterSeconds()));
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    ServletOutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException writerInUse) {
      response.getWriter().write(answer.body());
      return;
    }
    out.write(bytes);
  }

  // ---- async ----------------------------------------------------------------------------------

  /** The application's view of the async context: completing it commits the session first. */
  synchronized AsyncContext asyncContext(AsyncContext real) {
    if (asyncContext == null || !asyncContext.wraps(real)) {
      asyncContext = new SessionAsyncContext(real, this);
    }
    return asyncContext;
  }

  /**
   * The request went async: the session commits at the first commit point of the response wrapper,
   * on {@code AsyncContext.complete()}, at the end of an async dispatch, or — as a fallback, too
   * late for a cookie — when the container reports the end of the request.
   */
  void commitWhenAsyncEnds(AsyncContext context) {
    try {
      context.addListener(fallbackListener());
    } catch (IllegalStateException alreadyCompleting) {
      // the async work finished while the dispatch was still unwinding
      commit("async complete (during dispatch)");
    }
  }

  private AsyncListener fallbackListener() {
    return new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        commit("async complete (container)");
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        commit("async timeout");
      }

      @Override
      public void onError(AsyncEvent event) {
        commit("async error");
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        event.getAsyncContext().addListener(this);
      }
    };
  }
}
