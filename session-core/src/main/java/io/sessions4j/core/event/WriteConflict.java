package io.sessions4j.core.event;

/**
 * How a request's write met another request's write of the same session, as {@link
 * SessionListener#writeConflict} reports it. Neither is an error: the store applies each request's
 * changes atomically, so parallel requests of one session queue instead of failing.
 */
public enum WriteConflict {
  /**
   * The request's changes were applied on top of changes another request made since this one read
   * the session: both requests' changes are kept (the same attribute ends with the value applied last).
   */
  MERGED,
  /**
   * The session was destroyed or changed id in another request meanwhile, so this request's changes
   * were not written (a destroyed session is never brought back).
   */
  SESSION_GONE
}
