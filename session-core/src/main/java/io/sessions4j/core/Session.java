package io.sessions4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The session of one HTTP request, as application code sees it, in both store and cookie mode.
 *
 * <p>A session always exists: when the client sent none (or an invalid, expired or unknown one), it
 * is a new, empty session that is only persisted once it holds data (unless {@code
 * saveUninitialized} is on). Lifecycle operations ({@link #regenerate()}, {@link #changeId()},
 * {@link #destroy()}, {@link #touch()}) take effect when the request's session is committed, which
 * the adapter does before the response is committed; {@link #save()} and {@link #reload()} do their
 * I/O at once.
 *
 * <p>Attribute values are JSON values (String, Number, Boolean, null, List and Map of those) or
 * instances of classes registered with {@link SessionConfig.Builder#allowType(String, Class)}.
 * A session is used by one request at a time; it is not thread-safe.
 *
 * <p>A store-mode session may be <em>lazy</em> ({@link SessionManager#open}): its store read
 * happens on first use. Every method below except {@link #isLoaded()} and {@link #loaded()} is a
 * use. On an event loop, where waiting for the store is not allowed, call {@link #loaded()} first
 * and use the session when it completes; the adapter READMEs say where each framework allows a
 * wait.
 */
public interface Session {

  /**
   * The name under which every adapter keeps the request's session among its framework's request
   * attributes (a servlet request attribute, a Micronaut request attribute, a Vert.x routing-context
   * entry, …), for code that cannot depend on the adapter: JSP EL, templates. Each adapter's {@code
   * Sessions.of(request)} is the typed way to the same session.
   */
  String REQUEST_ATTRIBUTE = "io.sessions4j.Session";

  /**
   * True when the session's state is at hand, so no method of it waits for the store: always,
   * except for a lazy session ({@link SessionManager#open}) whose store read has not completed.
   * Asking does not start the read.
   */
  default boolean isLoaded() {
    return true;
  }

  /**
   * Completes with this session once its state is loaded, starting the store read of a lazy
   * session if nothing started it yet; never blocks. The request then counts as using the session
   * (it is committed as any loaded session is). Fails with {@link SessionUnavailableException} when
   * the store fails and the policy is {@link StoreFailurePolicy#FAIL}.
   */
  default CompletionStage<Session> loaded() {
    return CompletableFuture.completedFuture(this);
  }

  /** The session id; {@code null} in cookie mode, where the session has no server-side identity. */
  String id();

  /** True when this request started the session (nothing was loaded from the client). */
  boolean isNew();

  /** True when attributes or lifecycle state changed in this request, so a write is due. */
  boolean isChanged();

  /** True when the session holds at least one attribute. */
  boolean isPopulated();

  /** True after {@link #destroy()} in this request. */
  boolean isDestroyed();

  /** An attribute value, or {@code null} when absent. Mutating a returned Map or List counts as a change. */
  Object get(String name);

  /**
   * An attribute value converted to {@code type}: JSON values as-is, registered types (see {@link
   * SessionConfig.Builder#allowType}) converted from their JSON form.
   *
   * @throws IllegalArgumentException when the value cannot be represented as {@code type}
   */
  <T> T get(String name, Class<T> type);

  /** An attribute value as an Optional. */
  default <T> Optional<T> find(String name, Class<T> type) {
    return Optional.ofNullable(get(name, type));
  }

  /**
   * Sets an attribute; a {@code null} value removes it.
   *
   * @throws IllegalArgumentException when the value is neither a JSON value nor a registered type
   */
  void put(String name, Object value);

  /** Removes an attribute; returns the value it had, or {@code null}. */
  Object remove(String name);

  /** The attribute names, in insertion order. */
  Set<String> names();

  /** A read-only snapshot of all attributes. */
  Map<String, Object> attributes();

  /** New id, attributes dropped: a fresh empty session. The old id stops working. */
  void regenerate();

  /** New id, attributes kept: call it at login, against session fixation. The old id stops working. */
  void changeId();

  /**
   * Ends the session: the store record is deleted and the cookie cleared; later requests start
   * fresh. Putting an attribute afterwards in the same request starts a new session (new id) that
   * holds only what is put from then on — the destroyed one stays gone.
   */
  void destroy();

  /**
   * Drops the session for this request, as the {@code unset} option says:
   * with {@link Unset#DESTROY} it is destroyed, with {@link Unset#KEEP} this request's changes are
   * discarded and the stored session is left as it was.
   */
  void unset();

  /** Extends the expiry without writing data (store mode: a store touch; cookie mode: re-issue). */
  void touch();

  /**
   * Writes the session now. At the end of the request there is no second write unless the session
   * changes again (and auto-commit is on). With auto-commit off, this is the only way to persist.
   */
  CompletionStage<Void> save();

  /**
   * Re-reads the session from the store, discarding this request's unsaved changes. Fails with
   * {@link SessionGoneException} when the session no longer exists.
   */
  CompletionStage<Void> reload();

  /** The session's own max age, overriding the configured one; it sticks across later requests. */
  void maxAge(Duration maxAge);

  /** The max age in effect for this session; empty for a browser-session cookie. */
  Optional<Duration> maxAge();

  /** When the session was created. */
  Instant createdAt();

  /** When the session was last written or touched (before this request, for a loaded session). */
  Instant lastAccessedAt();

  /** When the server will consider the session expired if nothing extends it. */
  Instant expiresAt();
}
