package io.sessions4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sessions4j.core.CookieOverflow;
import io.sessions4j.core.StoreFailurePolicy;
import io.sessions4j.core.event.BreakerState;
import io.sessions4j.core.event.IdRejection;
import io.sessions4j.core.event.SessionListener;
import io.sessions4j.core.event.StoreFailurePhase;
import io.sessions4j.core.event.StoreOperation;
import io.sessions4j.core.event.WriteConflict;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.memory.MemoryStore;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine's events as meters in one registry (what {@link SessionMetrics#bindTo} registers). The
 * names follow Micrometer's conventions (dot-separated, lower case; each registry renders them its
 * way, e.g. {@code sessions4j_sessions_created_total} in Prometheus):
 *
 * <table>
 *   <caption>sessions4j meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags besides {@code store}</th><th>what</th></tr>
 *   <tr><td>{@code sessions4j.sessions.created}</td><td>counter</td><td></td><td>new sessions first stored</td></tr>
 *   <tr><td>{@code sessions4j.sessions.destroyed}</td><td>counter</td><td></td><td>sessions ended by the application, a regenerate or an administrator</td></tr>
 *   <tr><td>{@code sessions4j.sessions.expired}</td><td>counter</td><td></td><td>sessions the store expired (stores that see expiry)</td></tr>
 *   <tr><td>{@code sessions4j.sessions.id.changed}</td><td>counter</td><td></td><td>sessions that changed id and kept their data (login)</td></tr>
 *   <tr><td>{@code sessions4j.sessions.imported}</td><td>counter</td><td>{@code from}</td><td>sessions a Node package left behind, moved into sessions4j's format ({@code migrateFrom}), by package</td></tr>
 *   <tr><td>{@code sessions4j.sessions.active}</td><td>gauge</td><td></td><td>live sessions: memory store only (the others cannot count without work)</td></tr>
 *   <tr><td>{@code sessions4j.ids.rejected}</td><td>counter</td><td>{@code reason}</td><td>presented tokens not used: malformed, bad_signature (tampering), unknown, expired, invalid, corrupt</td></tr>
 *   <tr><td>{@code sessions4j.store.operations}</td><td>timer</td><td>{@code operation}, {@code outcome}</td><td>every store call: get, save, update, touch, take, destroy, find, count; success, failure, timeout</td></tr>
 *   <tr><td>{@code sessions4j.store.failures}</td><td>counter</td><td>{@code policy}, {@code phase}</td><td>requests whose store call failed, by what {@code storeFailurePolicy} did (fail: 503, continue) at load or commit</td></tr>
 *   <tr><td>{@code sessions4j.store.breaker.transitions}</td><td>counter</td><td>{@code state}</td><td>the store breaker's changes, by the state entered</td></tr>
 *   <tr><td>{@code sessions4j.writes.concurrent}</td><td>counter</td><td>{@code outcome}</td><td>writes that met another request's: merged, session_gone</td></tr>
 *   <tr><td>{@code sessions4j.cookie.overflows}</td><td>counter</td><td>{@code policy}</td><td>cookie-mode sessions too large for {@code maxCookieSize}</td></tr>
 *   <tr><td>{@code sessions4j.cookie.size}</td><td>summary (bytes)</td><td></td><td>cookie-mode Set-Cookie headers sent</td></tr>
 *   <tr><td>{@code sessions4j.document.size}</td><td>summary (bytes)</td><td>{@code access}</td><td>encoded session documents written whole, or decoded after a read (on the memory store each version about once)</td></tr>
 * </table>
 */
final class SessionMeters implements SessionListener {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter created;
  private final Counter destroyed;
  private final Counter expired;
  private final Counter idChanged;
  private final Counter[] rejected;
  /** By operation, then outcome (success, failure, timeout); registered on first use. */
  private final Timer[][] operations = new Timer[StoreOperation.values().length][3];
  // the counters below are tagged by an enum: each registered on first use, then found by ordinal
  // (no registry lookup, nothing allocated per event); a race registers nothing twice, as the
  // registry answers the same meter for the same name and tags
  private final Counter[] breakerTransitions = new Counter[BreakerState.values().length];
  private final Counter[][] failures = new Counter[StoreFailurePolicy.values().length][StoreFailurePhase.values().length];
  private final Counter[] conflicts = new Counter[WriteConflict.values().length];
  private final Counter[] overflows = new Counter[CookieOverflow.values().length];
  private final DistributionSummary cookieSize;
  private final DistributionSummary documentsRead;
  private final DistributionSummary documentsWritten;

  SessionMeters(MeterRegistry registry, Tags tags, SessionStore store) {
    this.registry = registry;
    this.tags = tags;
    this.created = counter("sessions4j.sessions.created", "New sessions first stored", Tags.empty());
    this.destroyed = counter("sessions4j.sessions.destroyed",
        "Sessions ended by the application, a regenerate or an administrator", Tags.empty());
    this.expired = counter("sessions4j.sessions.expired", "Sessions the store expired", Tags.empty());
    this.idChanged = counter("sessions4j.sessions.id.changed", "Sessions that changed id and kept their data",
        Tags.empty());
    IdRejection[] reasons = IdRejection.values();
    this.rejected = new Counter[reasons.length];
    for (IdRejection reason : reasons) {
      rejected[reason.ordinal()] = counter("sessions4j.ids.rejected", "Presented session tokens not used, by reason",
          Tags.of("reason", tagValue(reason)));
    }
    this.cookieSize = DistributionSummary.builder("sessions4j.cookie.size").baseUnit("bytes")
        .description("Cookie-mode Set-Cookie headers sent").tags(tags).register(registry);
    this.documentsRead = documentSize("read");
    this.documentsWritten = documentSize("write");
    if (store instanceof MemoryStore memory) {
      Gauge.builder("sessions4j.sessions.active", memory, m -> m.length().toCompletableFuture().join())
          .description("Live sessions in the memory store").tags(tags).register(registry);
    }
  }

  private Counter counter(String name, String description, Tags more) {
    return Counter.builder(name).description(description).tags(tags).tags(more).register(registry);
  }

  private DistributionSummary documentSize(String access) {
    return DistributionSummary.builder("sessions4j.document.size").baseUnit("bytes")
        .description("Encoded session documents written whole, or decoded after a store read").tags(tags).tag("access", access)
        .register(registry);
  }

  /** {@code BAD_SIGNATURE} as {@code bad_signature}: Micrometer's tag values are lower case. */
  static String tagValue(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void created(String id) {
    created.increment();
  }

  @Override
  public void destroyed(String id) {
    destroyed.increment();
  }

  @Override
  public void idChanged(String oldId, String newId) {
    idChanged.increment(); // not destroyed + created: the session lives on
  }

  @Override
  public void imported(String id, String from) {
    counter("sessions4j.sessions.imported", "Sessions a Node package left behind, moved into sessions4j's format",
        Tags.of("from", from)).increment();
  }

  @Override
  public void expired(String id) {
    expired.increment();
  }

  @Override
  public void idRejected(IdRejection reason) {
    rejected[reason.ordinal()].increment();
  }

  @Override
  public void storeBreakerChanged(BreakerState from, BreakerState to) {
    Counter counter = breakerTransitions[to.ordinal()];
    if (counter == null) {
      counter = counter("sessions4j.store.breaker.transitions", "Store circuit breaker state changes, by the state entered",
          Tags.of("state", tagValue(to)));
      breakerTransitions[to.ordinal()] = counter;
    }
    counter.increment();
  }

  @Override
  public void storeCalled(StoreOperation operation, long nanos, Throwable failure) {
    int outcome = failure == null ? 0 : failure.getCause() instanceof TimeoutException ? 2 : 1;
    Timer timer = operations[operation.ordinal()][outcome];
    if (timer == null) {
      timer = Timer.builder("sessions4j.store.operations").description("Session store calls")
          .tags(tags).tag("operation", tagValue(operation))
          .tag("outcome", outcome == 0 ? "success" : outcome == 1 ? "failure" : "timeout")
          .register(registry);
      operations[operation.ordinal()][outcome] = timer; // a race registers nothing twice: the registry returns the same timer
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void storeFailed(StoreFailurePolicy policy, StoreFailurePhase phase) {
    Counter counter = failures[policy.ordinal()][phase.ordinal()];
    if (counter == null) {
      counter = counter("sessions4j.store.failures", "Requests whose store call failed, by what storeFailurePolicy did",
          Tags.of("policy", tagValue(policy), "phase", tagValue(phase)));
      failures[policy.ordinal()][phase.ordinal()] = counter;
    }
    counter.increment();
  }

  @Override
  public void writeConflict(WriteConflict conflict) {
    Counter counter = conflicts[conflict.ordinal()];
    if (counter == null) {
      counter = counter("sessions4j.writes.concurrent", "Writes that met another request's write of the same session",
          Tags.of("outcome", tagValue(conflict)));
      conflicts[conflict.ordinal()] = counter;
    }
    counter.increment();
  }

  @Override
  public void cookieOverflow(int bytes, CookieOverflow policy) {
    Counter counter = overflows[policy.ordinal()];
    if (counter == null) {
      counter = counter("sessions4j.cookie.overflows", "Cookie-mode sessions too large for maxCookieSize",
          Tags.of("policy", tagValue(policy)));
      overflows[policy.ordinal()] = counter;
    }
    counter.increment();
  }

  @Override
  public void cookieWritten(int bytes) {
    cookieSize.record(bytes);
  }

  @Override
  public void documentRead(int bytes) {
    documentsRead.record(bytes);
  }

  @Override
  public void documentWritten(int bytes) {
    documentsWritten.record(bytes);
  }
}
