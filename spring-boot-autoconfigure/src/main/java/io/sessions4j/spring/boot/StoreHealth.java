package io.sessions4j.spring.boot;

import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.jdbc.JdbcSessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the session store answers, whatever Boot's health API looks like (it moved between Boot 3
 * and 4; {@code Boot3SessionsHealthIndicator} and {@code Boot4SessionsHealthIndicator} only
 * translate this). Memory and cookie mode are always up. Any other store is asked for one session
 * that cannot exist ({@code get} of a fixed, well-formed id) through the store's own connections,
 * bounded by {@code storeTimeout}: for JDBC one primary-key SELECT on the sessions table (so a
 * dropped table shows too), for Redis one HGETALL — as cheap as a PING, and it checks the very
 * connection requests use.
 */
final class StoreHealth {
  /** The id probed: well-formed, so stores run a real lookup, and never generated (it is not random). */
  static final String PROBE_ID = "sessions4j-health-probe-0000000000";

  /** By name: session-micrometer is optional. */
  private static final String OBSERVED = "io.sessions4j.micrometer.ObservedSessionStore";

  private StoreHealth() {}

  /** The outcome: up or down, what was checked, and why it is down. */
  record Result(boolean up, Map<String, Object> details, Throwable failure) {}

  static Result check(SessionManager manager) {
    SessionConfig config = manager.config();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
    if (config.mode() == SessionMode.COOKIE) {
      details.put("store", "none");
      return new Result(true, details, null);
    }
    SessionStore store = config.store();
    if (store != null && store.getClass().getName().equals(OBSERVED)) {
      store = StoreObservations.unobserved(store); // the store itself; health probes are no spans
    }
    details.put("store", store == null ? MemoryStore.class.getSimpleName() : store.getClass().getSimpleName());
    if (store == null || store instanceof MemoryStore) {
      return new Result(true, details, null);
    }
    if (store instanceof JdbcSessionStore jdbc) {
      details.put("dialect", jdbc.dialect().name().toLowerCase(Locale.ROOT));
    }
    Duration timeout = config.storeTimeout() == null ? Duration.ofSeconds(5) : config.storeTimeout();
    try {
      store.get(PROBE_ID).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Result(true, details, null);
    } catch (ExecutionException e) {
      return new Result(false, details, e.getCause());
    } catch (TimeoutException e) {
      return new Result(false, details, new TimeoutException("the store did not answer within " + timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, details, e);
    }
  }
}
