package io.sessions4j.core.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sessions4j.core.store.ExpiryNotifier;
import io.sessions4j.core.store.PrincipalIndex;
import io.sessions4j.core.store.SharedRecordData;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.SessionPatch;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;

/**
 * An in-process store on Caffeine: bounded (least-recently-used sessions are evicted past {@code
 * maximumSize}), each record expiring at its own time, and expired records removed promptly by a
 * scheduler rather than only on access. Sessions are lost on restart and not shared between
 * instances: use it for one instance, for development, and in tests.
 *
 * <p>Concurrency: writes are versioned compare-and-set on the record, so the engine's merge keeps
 * concurrent changes of different attributes, and a destroyed session is never brought back.
 */
public final class MemoryStore implements SessionStore, PrincipalIndex, StoreAdministration, SharedRecordData {
  private final Cache<String, StoredSession> cache;
  private final Clock clock;
  private final ExpiryNotifier expiry = new ExpiryNotifier();

  private MemoryStore(Builder b) {
    this.clock = b.clock;
    Caffeine<String, StoredSession> caffeine = Caffeine.newBuilder()
        .maximumSize(b.maximumSize)
        .expireAfter(new RecordExpiry(b.clock))
        .ticker(ticker(b.clock))
        // maintenance on the calling / scheduler thread, not a common-pool hop per write
        .executor(Runnable::run)
        .removalListener((id, s, cause) -> {
          if (cause == RemovalCause.EXPIRED && id != null) {
            ForkJoinPool.commonPool().execute(() -> expiry.expired(id));
          }
        });
    if (b.promptExpiry) {
      caffeine.scheduler(Scheduler.systemScheduler());
    }
    this.cache = caffeine.build();
  }

  /**
   * Caffeine's time source: {@link System#nanoTime} on the system clock (Caffeine's own, read on
   * every access), else the given clock (tests move it). Records expire at their own {@code
   * expiresAt} either way; the ticker only measures the time until then.
   */
  private static Ticker ticker(Clock clock) {
    if (clock.getClass() == Clock.systemUTC().getClass()) {
      return Ticker.systemTicker();
    }
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** A builder: 100,000 sessions at most, prompt expiry, system clock. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletionStage<Optional<StoredSession>> get(String id) {
    StoredSession s = cache.getIfPresent(id);
    if (s != null && s.isExpired(clock.instant())) {
      s = null;
    }
    return CompletableFuture.completedFuture(Optional.ofNullable(s));
  }

  /** True: {@link #get} returns the record it holds, which a write replaces and never changes. */
  @Override
  public boolean sharesRecordData() {
    return true;
  }

  @Override
  public CompletionStage<Boolean> save(StoredSession session, long expectedVersion) {
    Instant now = clock.instant();
    boolean[] written = new boolean[1];
    cache.asMap().compute(session.id(), (id, current) -> {
      boolean live = current != null && !current.isExpired(now);
      long currentVersion = live ? current.version() : StoredSession.NEW;
      if (currentVersion != expectedVersion) {
        return current;
      }
      written[0] = true;
      return session;
    });
    return CompletableFuture.completedFuture(written[0]);
  }

  /**
   * One {@code compute} on the record: concurrent patches of a session apply one after another. A
   * record still at the patch's base version takes the writer's whole document as it is.
   */
  @Override
  public CompletionStage<Long> update(SessionPatch patch) {
    Instant now = clock.instant();
    long[] version = {StoredSession.NEW};
    cache.asMap().computeIfPresent(patch.id(), (id, current) -> {
      if (current.isExpired(now)) {
        return current;
      }
      version[0] = current.version() + 1;
      return new StoredSession(id, patch.documentOver(current), current.createdAt(), patch.accessedAt(),
          patch.expiresAt(), version[0], patch.principalAfter(current.principal()));
    });
    return CompletableFuture.completedFuture(version[0]);
  }

  /** One atomic {@code remove}. */
  @Override
  public CompletionStage<Optional<StoredSession>> take(String id) {
    StoredSession taken = cache.asMap().remove(id);
    if (taken != null && taken.isExpired(clock.instant())) {
      taken = null;
    }
    return CompletableFuture.completedFuture(Optional.ofNullable(taken));
  }

  @Override
  public CompletionStage<Void> set(StoredSession session) {
    cache.put(session.id(), session);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Boolean> touch(String id, Instant accessedAt, Instant expiresAt) {
    Instant now = clock.instant();
    boolean[] touched = new boolean[1];
    cache.asMap().computeIfPresent(id, (key, current) -> {
      if (current.isExpired(now)) {
        return current;
      }
      touched[0] = true;
      return current.touched(accessedAt, expiresAt);
    });
    return CompletableFuture.completedFuture(touched[0]);
  }

  @Override
  public CompletionStage<Void> destroy(String id) {
    cache.invalidate(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Long> length() {
    Instant now = clock.instant();
    return CompletableFuture.completedFuture(
        cache.asMap().values().stream().filter(s -> !s.isExpired(now)).count());
  }

  @Override
  public CompletionStage<List<StoredSession>> all() {
    Instant now = clock.instant();
    List<StoredSession> live = new ArrayList<>();
    for (StoredSession s : cache.asMap().values()) {
      if (!s.isExpired(now)) {
        live.add(s);
      }
    }
    return CompletableFuture.completedFuture(live);
  }

  @Override
  public CompletionStage<Void> clear() {
    cache.invalidateAll();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<List<StoredSession>> findByPrincipal(String principal) {
    Instant now = clock.instant();
    List<StoredSession> found = new ArrayList<>();
    for (StoredSession s : cache.asMap().values()) {
      if (principal.equals(s.principal()) && !s.isExpired(now)) {
        found.add(s);
      }
    }
    return CompletableFuture.completedFuture(found);
  }

  @Override
  public void setExpiryListener(ExpiryListener listener) {
    expiry.listener(listener);
  }

  /** Runs pending maintenance (evictions, expiry notifications) now; for tests and shutdown. */
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Each record lives until its own {@code expiresAt}. */
  private static final class RecordExpiry implements Expiry<String, StoredSession> {
    private final Clock clock;

    RecordExpiry(Clock clock) {
      this.clock = clock;
    }

    /** Until the record's expiry, clamped to {@link StoredSession#LATEST} (which fits in nanoseconds). */
    private long nanosUntilExpiry(StoredSession s) {
      Instant expires = s.expiresAt().isAfter(StoredSession.LATEST) ? StoredSession.LATEST : s.expiresAt();
      Duration left = Duration.between(clock.instant(), expires);
      if (left.isNegative()) {
        return 0;
      }
      try {
        return left.toNanos();
      } catch (ArithmeticException tooFar) {
        return Long.MAX_VALUE; // only with a clock set some 290 million years back
      }
    }

    @Override
    public long expireAfterCreate(String key, StoredSession value, long currentTime) {
      return nanosUntilExpiry(value);
    }

    @Override
    public long expireAfterUpdate(String key, StoredSession value, long currentTime, long currentDuration) {
      return nanosUntilExpiry(value);
    }

    @Override
    public long expireAfterRead(String key, StoredSession value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Builds a {@link MemoryStore}. */
  public static final class Builder {
    private long maximumSize = 100_000;
    private boolean promptExpiry = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Most sessions kept; past it the least recently used are evicted. Default 100,000. */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize <= 0) {
        throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** Remove expired records as they expire (a shared scheduler thread), not only on access. Default true. */
    public Builder promptExpiry(boolean prompt) {
      this.promptExpiry = prompt;
      return this;
    }

    /** The clock deciding expiry (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public MemoryStore build() {
      return new MemoryStore(this);
    }
  }
}
