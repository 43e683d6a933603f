package io.sessions4j.core.store;

import io.sessions4j.core.store.SessionStore.ExpiryListener;
import java.lang.System.Logger.Level;

/**
 * The expiry listener of one store and how it is told: a store keeps one of these, hands {@link
 * SessionStore#setExpiryListener} to {@link #listener(ExpiryListener)}, and calls {@link
 * #expired(String)} for every record it expires by itself. A listener that throws is logged and
 * ignored, so a faulty listener never stops a sweep or a store's maintenance thread.
 */
public final class ExpiryNotifier {
  private static final System.Logger LOG = System.getLogger(ExpiryNotifier.class.getName());
  private static final ExpiryListener NONE = id -> {};

  private volatile ExpiryListener listener = NONE;

  /** Sets the listener told from now on; null means none. */
  public void listener(ExpiryListener listener) {
    this.listener = listener == null ? NONE : listener;
  }

  /** Tells the listener that the store expired record {@code id}; a failure of the listener is logged. */
  public void expired(String id) {
    try {
      listener.expired(id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "expiry listener threw; ignored: " + e);
    }
  }

  /** {@link #expired(String)} for each id, in order. */
  public void expired(Iterable<String> ids) {
    for (String id : ids) {
      expired(id);
    }
  }
}
