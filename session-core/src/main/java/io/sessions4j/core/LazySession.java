package io.sessions4j.core;

import io.sessions4j.core.http.HttpExchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A store-mode session whose store read waits for its first use ({@link SessionManager#open}). The
 * presented id was already checked (signature, form) when it was opened; the read itself starts on
 * the first call of any {@link Session} method, or of {@link #loaded()}, and the session then
 * behaves exactly as the {@link DefaultSession} that read produced. A session nothing used is
 * committed as nothing: no read, no write, no touch, no Set-Cookie.
 *
 * <p>A synchronous first use waits for the read only when {@code mayWait} allows it on the calling
 * thread (thread-per-request servers; never an event loop). Otherwise it proceeds when the read is
 * already complete (the memory store answers at once) and throws {@link IllegalStateException}
 * when it is not.
 */
final class LazySession implements Session {
  private final HttpExchange exchange;
  private final Supplier<CompletionStage<Session>> read;
  private final BooleanSupplier mayWait;
  /** The store read, once something used the session; null until then. Guarded by this. */
  private CompletableFuture<DefaultSession> pending;
  private volatile DefaultSession target;
  /** This request's decision trace; null unless the {@code trace} option is on. */
  private final SessionTrace trace;

  LazySession(HttpExchange exchange, Supplier<CompletionStage<Session>> read, BooleanSupplier mayWait,
      SessionTrace trace) {
    this.exchange = exchange;
    this.read = read;
    this.mayWait = mayWait;
    this.trace = trace;
  }

  /** This request's decision trace, or null when tracing is off. */
  SessionTrace trace() {
    return trace;
  }

  /** The exchange the session was opened with. */
  HttpExchange exchange() {
    return exchange;
  }

  /** The read, started now if nothing started it. */
  synchronized CompletableFuture<DefaultSession> start() {
    if (pending == null) {
      CompletableFuture<DefaultSession> started;
      try {
        started = read.get().toCompletableFuture().thenApply(DefaultSession.class::cast);
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      pending = started;
    }
    return pending;
  }

  /** The read if something used the session, else null (the session is then committed as nothing). */
  synchronized CompletableFuture<DefaultSession> started() {
    return pending;
  }

  /** The loaded session for a synchronous use: waits for the read where that is allowed. */
  DefaultSession session() {
    DefaultSession loaded = target;
    if (loaded != null) {
      return loaded;
    }
    CompletableFuture<DefaultSession> reading = start();
    if (!reading.isDone() && !mayWait.getAsBoolean()) {
      throw new IllegalStateException("the session is not loaded yet, and this thread must not wait for the "
          + "session store (an event loop): call session.loaded() and use the session when it completes "
          + "(see the adapter's README, \"Lazy loading\")");
    }
    loaded = Await.result(reading); // bounded: every store call of the read is timed by storeTimeout
    target = loaded;
    return loaded;
  }

  @Override
  public boolean isLoaded() {
    if (target != null) {
      return true;
    }
    CompletableFuture<DefaultSession> reading = started();
    return reading != null && reading.isDone() && !reading.isCompletedExceptionally();
  }

  @Override
  public CompletionStage<Session> loaded() {
    return start().thenApply(loaded -> {
      target = loaded;
      return this;
    });
  }

  @Override
  public String id() {
    return session().id();
  }

  @Override
  public boolean isNew() {
    return session().isNew();
  }

  @Override
  public boolean isChanged() {
    return session().isChanged();
  }

  @Override
  public boolean isPopulated() {
    return session().isPopulated();
  }

  @Override
  public boolean isDestroyed() {
    return session().isDestroyed();
  }

  @Override
  public Object get(String name) {
    return session().get(name);
  }

  @Override
  public <T> T get(String name, Class<T> type) {
    return session().get(name, type);
  }

  @Override
  public void put(String name, Object value) {
    session().put(name, value);
  }

  @Override
  public Object remove(String name) {
    return session().remove(name);
  }

  @Override
  public Set<String> names() {
    return session().names();
  }

  @Override
  public Map<String, Object> attributes() {
    return session().attributes();
  }

  @Override
  public void regenerate() {
    session().regenerate();
  }

  @Override
  public void changeId() {
    session().changeId();
  }

  @Override
  public void destroy() {
    session().destroy();
  }

  @Override
  public void unset() {
    session().unset();
  }

  @Override
  public void touch() {
    session().touch();
  }

  /** Asynchronous already: loads without waiting, then saves. */
  @Override
  public CompletionStage<Void> save() {
    return loaded().thenCompose(s -> target.save());
  }

  /** Asynchronous already: loads without waiting, then re-reads. */
  @Override
  public CompletionStage<Void> reload() {
    return loaded().thenCompose(s -> target.reload());
  }

  @Override
  public void maxAge(Duration maxAge) {
    session().maxAge(maxAge);
  }

  @Override
  public Optional<Duration> maxAge() {
    return session().maxAge();
  }

  @Override
  public Instant createdAt() {
    return session().createdAt();
  }

  @Override
  public Instant lastAccessedAt() {
    return session().lastAccessedAt();
  }

  @Override
  public Instant expiresAt() {
    return session().expiresAt();
  }

  @Override
  public String toString() {
    DefaultSession loaded = target;
    return loaded != null ? loaded.toString() : "Session[not loaded]";
  }
}
