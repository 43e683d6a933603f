package io.sessions4j.core;

import io.sessions4j.core.event.BreakerState;
import io.sessions4j.core.event.SessionListener;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

/** Tells the configured {@link SessionListener}s what happened; a listener that throws is logged and ignored. */
final class SessionEvents {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private final List<SessionListener> listeners;

  SessionEvents(List<SessionListener> listeners) {
    this.listeners = listeners;
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  void created(String id) {
    notify(l -> l.created(id));
  }

  void destroyed(String id) {
    notify(l -> l.destroyed(id));
  }

  void expired(String id) {
    notify(l -> l.expired(id));
  }

  void storeBreakerChanged(BreakerState from, BreakerState to) {
    notify(l -> l.storeBreakerChanged(from, to));
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
