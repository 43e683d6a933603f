package io.sessions4j.servlet;

import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.event.SessionListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The servlet session listeners of one {@link SessionFilter} and how they are told. The {@code
 * HttpSession} view reports what the application does through the servlet API at the moment it
 * does it (so attributes are still readable in {@code sessionDestroyed} after {@code invalidate()});
 * the core's events ({@link #coreBridge}) report what happens outside that API — sessions the store
 * expires, {@code manager().destroy(id)}, and lifecycle calls made through the core {@code
 * Session} — with a detached view. A core event about an id the view already reported in a request
 * still in flight is not reported twice.
 *
 * <p>Filters built on one shared engine ({@code new SessionFilter(manager)}) share one of these:
 * their sessions are the same sessions, so their listeners are told once, through one bridge.
 *
 * <p>A listener that throws is logged and ignored, as containers do, so one faulty listener neither
 * fails the request nor keeps the others from hearing.
 */
final class HttpSessionEvents {
  private static final System.Logger LOG = System.getLogger(SessionFilter.class.getName());
  /** The listeners of engines that filters share; guarded by itself (filters are created and destroyed rarely). */
  private static final Map<SessionManager, HttpSessionEvents> SHARED = new IdentityHashMap<>();

  /** Filters using this (more than one only for a shared engine); guarded by {@link #SHARED}. */
  private int users = 1;
  /** The engine's events, bridged to the listeners once there is one (store mode); null until then. */
  private SessionListener bridge;

  /** Every listener, in the order added, each object once. */
  private final List<EventListener> added = new CopyOnWriteArrayList<>();
  private final List<HttpSessionListener> sessionListeners = new CopyOnWriteArrayList<>();
  private final List<HttpSessionIdListener> idListeners = new CopyOnWriteArrayList<>();
  private final List<HttpSessionAttributeListener> attributeListeners = new CopyOnWriteArrayList<>();
  /** Ids a request's view has reported events about, until that request's session is committed (a count per id). */
  private final ConcurrentHashMap<String, Integer> reportedInRequest = new ConcurrentHashMap<>();

  /** The listeners of a shared engine: the same object for every filter built on {@code manager}. */
  static HttpSessionEvents sharedBy(SessionManager manager) {
    synchronized (SHARED) {
      HttpSessionEvents events = SHARED.get(manager);
      if (events == null) {
        SHARED.put(manager, events = new HttpSessionEvents());
      } else {
        events.users++;
      }
      return events;
    }
  }

  /**
   * A filter using these listeners is destroyed: once no filter uses them, the engine's events
   * stop reaching them (and a shared engine forgets them).
   */
  void release(SessionManager manager) {
    synchronized (SHARED) {
      if (--users > 0) {
        return;
      }
      SHARED.remove(manager, this);
    }
    SessionListener b;
    synchronized (this) {
      b = bridge;
      bridge = null;
    }
    if (b != null) {
      manager.removeListener(b);
    }
  }

  /**
   * Store mode, once there is a listener: the engine's events outside the views (expiry, destroy
   * by id, the core API) reach the listeners too, each once however many filters share the engine.
   */
  synchronized void bridge(SessionManager manager, ServletContext context) {
    if (bridge == null && manager.config().mode() == SessionMode.STORE && !added.isEmpty()) {
      bridge = coreBridge(context);
      manager.addListener(bridge);
    }
  }

  /**
   * Adds a listener of any of the three session listener types (one object may implement several);
   * adding the same object again changes nothing.
   *
   * @throws IllegalArgumentException when it is none of them
   */
  void add(EventListener listener) {
    if (!isSessionListener(listener)) {
      throw new IllegalArgumentException(listener.getClass().getName() + " is not an HttpSessionListener, "
          + "HttpSessionIdListener or HttpSessionAttributeListener");
    }
    synchronized (added) {
      for (EventListener l : added) {
        if (l == listener) {
          return;
        }
      }
      added.add(listener);
    }
    if (listener instanceof HttpSessionListener l) {
      sessionListeners.add(l);
    }
    if (listener instanceof HttpSessionIdListener l) {
      idListeners.add(l);
    }
    if (listener instanceof HttpSessionAttributeListener l) {
      attributeListeners.add(l);
    }
  }

  static boolean isSessionListener(Object listener) {
    return listener instanceof HttpSessionListener || listener instanceof HttpSessionIdListener
        || listener instanceof HttpSessionAttributeListener;
  }

  /** Every listener added, in the order added. */
  List<EventListener> all() {
    return List.copyOf(added);
  }

  boolean hasSessionListeners() {
    return !sessionListeners.isEmpty();
  }

  boolean hasIdListeners() {
    return !idListeners.isEmpty();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  void created(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(sessionListeners, l -> l.sessionCreated(event), "sessionCreated");
  }

  /** In reverse order of registration, as containers notify {@code sessionDestroyed}. */
  void destroyed(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    List<HttpSessionListener> reversed = new java.util.ArrayList<>(sessionListeners);
    Collections.reverse(reversed);
    each(reversed, l -> l.sessionDestroyed(event), "sessionDestroyed");
  }

  void idChanged(HttpSession session, String oldId) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(idListeners, l -> l.sessionIdChanged(event, oldId), "sessionIdChanged");
  }

  // ---- attributes -----------------------------------------------------------------------------

  /**
   * An attribute was set: {@code valueBound} on the new value, {@code valueUnbound} on the value it
   * replaced (unless it is the same object), then {@code attributeAdded} or {@code attributeReplaced}
   * (with the old value), the order Tomcat uses.
   */
  void attributeSet(HttpSession session, String name, Object value, Object old) {
    if (value != old && value instanceof HttpSessionBindingListener bound) {
      call(() -> bound.valueBound(new HttpSessionBindingEvent(session, name, value)), "valueBound");
    }
    if (old != null && old != value && old instanceof HttpSessionBindingListener unbound) {
      call(() -> unbound.valueUnbound(new HttpSessionBindingEvent(session, name, old)), "valueUnbound");
    }
    if (attributeListeners.isEmpty()) {
      return;
    }
    if (old == null) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
      each(attributeListeners, l -> l.attributeAdded(event), "attributeAdded");
    } else {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
      each(attributeListeners, l -> l.attributeReplaced(event), "attributeReplaced");
    }
  }

  /** An attribute was removed (also every attribute of an invalidated session): {@code valueUnbound}, then {@code attributeRemoved}. */
  void attributeRemoved(HttpSession session, String name, Object old) {
    if (old instanceof HttpSessionBindingListener unbound) {
      call(() -> unbound.valueUnbound(new HttpSessionBindingEvent(session, name, old)), "valueUnbound");
    }
    if (!attributeListeners.isEmpty()) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, old);
      each(attributeListeners, l -> l.attributeRemoved(event), "attributeRemoved");
    }
  }

  // ---- the core's events ----------------------------------------------------------------------

  /** A request's view reported an event about {@code id}: the core's event about it is not reported again. */
  void markReported(String id) {
    reportedInRequest.merge(id, 1, Integer::sum);
  }

  /** The request that reported {@code id} has committed its session: the core has said all it will about it. */
  void clearReported(String id) {
    reportedInRequest.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
  }

  private boolean wasReported(String... ids) {
    for (String id : ids) {
      if (reportedInRequest.containsKey(id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The core listener that reports the engine's events the views did not: the store's expiry, a
   * destroy by id, and lifecycle calls made through the core {@code Session}. Their sessions are
   * seen through a {@link DetachedHttpSession}: the id, the servlet context and no attributes.
   */
  private SessionListener coreBridge(ServletContext context) {
    return new SessionListener() {
      @Override
      public void created(String id) {
        if (hasSessionListeners() && !wasReported(id)) {
          HttpSessionEvents.this.created(new DetachedHttpSession(id, context));
        }
      }

      @Override
      public void destroyed(String id) {
        if (hasSessionListeners() && !wasReported(id)) {
          HttpSessionEvents.this.destroyed(new DetachedHttpSession(id, context));
        }
      }

      @Override
      public void idChanged(String oldId, String newId) {
        if (hasIdListeners() && !wasReported(oldId, newId)) {
          HttpSessionEvents.this.idChanged(new DetachedHttpSession(newId, context), oldId);
        }
      }

      @Override
      public void expired(String id) {
        if (hasSessionListeners()) {
          HttpSessionEvents.this.destroyed(new DetachedHttpSession(id, context));
        }
      }
    };
  }

  // ---- calling ----------------------------------------------------------------------------------

  private static <L> void each(List<L> listeners, Consumer<L> event, String what) {
    for (L listener : listeners) {
      call(() -> event.accept(listener), what);
    }
  }

  private static void call(Runnable callback, String what) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, what + " listener threw; ignored", e);
    }
  }
}
