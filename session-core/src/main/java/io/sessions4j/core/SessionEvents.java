package io.sessions4j.core;

import io.sessions4j.core.event.BreakerState;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.event.StoreFailurePhase;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.event.WriteConflict;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells the {@link SessionListener}s what happened: the configured ones and those added to the
 * engine later (an adapter's bridge to its framework's listeners); a listener that throws is
 * logged and ignored.
 */
final class SessionEvents {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final List<SessionListener> listeners;

  SessionEvents(List<SessionListener> listeners) {
    this.listeners = new CopyOnWriteArrayList<>(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void add(SessionListener listener) {
    listeners.add(listener);
  }

  void remove(SessionListener listener) {
    listeners.remove(listener);
  }

  void created(String id) {
    notify(l -> l.created(id));
  }

  void destroyed(String id) {
    notify(l -> l.destroyed(id));
  }

  void idChanged(String oldId, String newId) {
    notify(l -> l.idChanged(oldId, newId));
  }

  void imported(String id, String from) {
    notify(l -> l.imported(id, from));
  }

  void expired(String id) {
    notify(l -> l.expired(id));
  }

  void idRejected(IdRejection reason) {
    if (!listeners.isEmpty()) {
      notify(l -> l.idRejected(reason));
    }
  }

  void storeBreakerChanged(BreakerState from, BreakerState to) {
    notify(l -> l.storeBreakerChanged(from, to));
  }

  // the events below are for metrics and come per request: nothing is allocated without listeners

  void storeCalled(StoreOperation operation, long nanos, Throwable failure) {
    if (!listeners.isEmpty()) {
      notify(l -> l.storeCalled(operation, nanos, failure));
    }
  }

  void storeFailed(StoreFailurePolicy policy, StoreFailurePhase phase) {
    if (!listeners.isEmpty()) {
      notify(l -> l.storeFailed(policy, phase));
    }
  }

  void writeConflict(WriteConflict conflict) {
    if (!listeners.isEmpty()) {
      notify(l -> l.writeConflict(conflict));
    }
  }

  void cookieOverflow(int bytes, CookieOverflow policy) {
    if (!listeners.isEmpty()) {
      notify(l -> l.cookieOverflow(bytes, policy));
    }
  }

  void cookieWritten(int bytes) {
    if (!listeners.isEmpty()) {
      notify(l -> l.cookieWritten(bytes));
    }
  }

  void documentRead(int bytes) {
    if (!listeners.isEmpty()) {
      notify(l -> l.documentRead(bytes));
    }
  }

  void documentWritten(int bytes) {
    if (!listeners.isEmpty()) {
      notify(l -> l.documentWritten(bytes));
    }
  }

  private void notify(Consumer<SessionListener> event) {
    for (SessionListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "session listener threw; ignored: " + e);
      }
    }
  }
}
