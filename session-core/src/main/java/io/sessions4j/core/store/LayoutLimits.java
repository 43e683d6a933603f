package io.sessions4j.core.store;

import java.util.Map;

/**
 * A {@link SessionStore} capability: the guarantees of the store contract that a store does not
 * keep because its layout is another program's, each with the reason. The Node stores (express-mysql-
 * session's table, connect-redis's keys) keep the Node package's document, not sessions4j's record,
 * so, for instance, their versions are derived from the stored text. The engine needs none of these
 * guarantees; the store conformance suite asks for them and runs, or visibly skips with the reason,
 * the checks that depend on one. A store that does not implement this interface keeps them all.
 */
public interface LayoutLimits {

  /** The guarantees this store does not keep, each mapped to why (said to whoever asks). */
  Map<Guarantee, String> limits();

  /** One guarantee of the store contract beyond what the engine needs. */
  enum Guarantee {
    /** {@code data} comes back byte for byte, whatever it holds (any bytes, types, metadata). */
    OPAQUE_DATA,
    /** A record's version is the one its writer gave. */
    WRITTEN_VERSIONS,
    /** Creation and last-access times come back as written. */
    RECORDED_TIMES,
    /** Expiry comes back to the millisecond. */
    MILLISECOND_EXPIRY,
    /** An expiry as late as {@link StoredSession#LATEST} (no expiry) comes back as written. */
    FAR_FUTURE_EXPIRY,
    /** The principal is kept as written, beside the data. */
    WRITTEN_PRINCIPAL,
    /** The store tells its expiry listener about the records it removes. */
    EXPIRY_EVENTS
  }

  /** What {@code store} does not keep: its {@link #limits()}, or nothing when it is no {@code LayoutLimits}. */
  static Map<Guarantee, String> of(SessionStore store) {
    return store instanceof LayoutLimits limited ? limited.limits() : Map.of();
  }
}
