package io.sessions4j.core;

import io.sessions4j.core.event.BreakerState;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.event.StoreFailurePhase;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.event.WriteConflict;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;

/**
 * Tells the {@link SessionListener}s what happened: the configured ones and those added to the
 * engine later (an adapter's bridge to its framework's listeners); a listener that throws is
 * logged and ignored.
 *
 * <p>Some events come several times per request (store calls, document sizes), so telling them
 * allocates nothing: each event loops over an array replaced whole on add/remove (no iterator, no
 * lambda capturing the event's arguments), and with no listener the loop is empty.
 */
final class SessionEvents {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");
  private static final SessionListener[] NONE = new SessionListener[0];

  private volatile SessionListener[] listeners;

  SessionEvents(List<SessionListener> listeners) {
    this.listeners = listeners.toArray(NONE);
  }

  boolean isEmpty() {
    return listeners.length == 0;
  }

  synchronized void add(SessionListener listener) {
    SessionListener[] now = listeners;
    SessionListener[] more = Arrays.copyOf(now, now.length + 1);
    more[now.length] = listener;
    listeners = more;
  }

  synchronized void remove(SessionListener listener) {
    SessionListener[] now = listeners;
    for (int i = 0; i < now.length; i++) {
      if (now[i].equals(listener)) {
        SessionListener[] fewer = new SessionListener[now.length - 1];
        System.arraycopy(now, 0, fewer, 0, i);
        System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
        listeners = fewer;
        return;
      }
    }
  }

  void created(String id) {
    for (SessionListener l : listeners) {
      try {
        l.created(id);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void destroyed(String id) {
    for (SessionListener l : listeners) {
      try {
        l.destroyed(id);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void idChanged(String oldId, String newId) {
    for (SessionListener l : listeners) {
      try {
        l.idChanged(oldId, newId);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void imported(String id, String from) {
    for (SessionListener l : listeners) {
      try {
        l.imported(id, from);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void expired(String id) {
    for (SessionListener l : listeners) {
      try {
        l.expired(id);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void idRejected(IdRejection reason) {
    for (SessionListener l : listeners) {
      try {
        l.idRejected(reason);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void storeBreakerChanged(BreakerState from, BreakerState to) {
    for (SessionListener l : listeners) {
      try {
        l.storeBreakerChanged(from, to);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void storeCalled(StoreOperation operation, long nanos, Throwable failure) {
    for (SessionListener l : listeners) {
      try {
        l.storeCalled(operation, nanos, failure);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void storeFailed(StoreFailurePolicy policy, StoreFailurePhase phase) {
    for (SessionListener l : listeners) {
      try {
        l.storeFailed(policy, phase);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void writeConflict(WriteConflict conflict) {
    for (SessionListener l : listeners) {
      try {
        l.writeConflict(conflict);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void cookieOverflow(int bytes, CookieOverflow policy) {
    for (SessionListener l : listeners) {
      try {
        l.cookieOverflow(bytes, policy);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void cookieWritten(int bytes) {
    for (SessionListener l : listeners) {
      try {
        l.cookieWritten(bytes);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void documentRead(int bytes) {
    for (SessionListener l : listeners) {
      try {
        l.documentRead(bytes);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  void documentWritten(int bytes) {
    for (SessionListener l : listeners) {
      try {
        l.documentWritten(bytes);
      } catch (RuntimeException e) {
        threw(e);
      }
    }
  }

  private static void threw(RuntimeException e) {
    LOG.log(Level.WARNING, "session listener threw; ignored: " + e);
  }
}
