package io.sessions4j.core;

/** What a request does when the session store fails or times out. Every failure is logged. */
public enum StoreFailurePolicy {
  /**
   * The request is answered 503 (Service Unavailable) when loading fails, and a failed save fails
   * the request before its response is committed. No session data is lost silently. The default.
   */
  FAIL,
  /**
   * Loading failures give the request a fresh session; a failed save is logged and the response
   * goes out without a session cookie change. Keeps pages up during an outage at the cost of users
   * appearing logged out, and of changes made during the outage being lost.
   */
  CONTINUE
}
