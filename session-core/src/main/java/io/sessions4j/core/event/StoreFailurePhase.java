package io.sessions4j.core.event;

/** Where a request met a store failure, as {@link SessionListener#storeFailed} reports it. */
public enum StoreFailurePhase {
  /** Reading the request's session. */
  LOAD,
  /** Writing, touching or deleting it at commit. */
  COMMIT
}
