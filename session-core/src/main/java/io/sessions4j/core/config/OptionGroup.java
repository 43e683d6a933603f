package io.sessions4j.core.config;

/** The families the session options fall into, in the order the documentation presents them. */
public enum OptionGroup {
  /** The session cookie: its name, scope and attributes, and how a cookie-mode payload is sealed. */
  COOKIE,
  /** How long a session and its cookie live, and when the cookie is re-sent. */
  LIFETIME,
  /** Where sessions are kept, when they are written, and what a store failure does. */
  PERSISTENCE,
  /** How the id travels between client and server, and how it is made. */
  TRANSPORT,
  /** Code the application plugs in: validation, save hooks, listeners, attribute types, the clock. */
  HOOKS,
  /** What the engine tells about its decisions: the decision trace (development). */
  DIAGNOSTICS
}
