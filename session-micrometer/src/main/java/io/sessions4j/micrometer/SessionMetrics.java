package io.sessions4j.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meters of one {@link SessionManager}, as a Micrometer {@link MeterBinder}: binding it to a
 * registry registers a {@link io.sessions4j.core.event.SessionListener} on the engine that records
 * every {@code sessions4j.*} meter (listed in {@link SessionMeters}) in that registry. Spring Boot,
 * Micronaut and Quarkus bind {@code MeterBinder} beans to their registry by themselves; elsewhere
 * call {@link #bindTo} once.
 *
 * <pre>{@code
 * SessionMetrics metrics = new SessionMetrics(manager);
 * metrics.bindTo(registry);      // from now on the engine's events are meters
 * ...
 * metrics.close();               // stops recording (the meters stay in the registry)
 * }</pre>
 *
 * <p>Every meter carries the tag {@code store}: {@code memory}, {@code jdbc}, {@code redis} (named
 * after the store's class for others), or {@code cookie} in cookie mode. An engine without this
 * binder pays nothing for metrics: the core only tells listeners it has.
 */
public final class SessionMetrics implements MeterBinder, AutoCloseable {
  private final SessionManager manager;
  private final Tags tags;
  private final List<SessionMeters> bound = new CopyOnWriteArrayList<>();

  /** Meters for {@code manager}, tagged with its {@code store} only. */
  public SessionMetrics(SessionManager manager) {
    this(manager, Tags.empty());
  }

  /** Meters for {@code manager}, tagged with its {@code store} and {@code extraTags} (e.g. to tell two engines apart). */
  public SessionMetrics(SessionManager manager, Iterable<Tag> extraTags) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.tags = Tags.of(extraTags).and("store", storeName(manager));
  }

  /** Registers the meters in {@code registry} and starts recording the engine's events there. */
  @Override
  public void bindTo(MeterRegistry registry) {
    SessionMeters meters = new SessionMeters(registry, tags, manager.store());
    bound.add(meters);
    manager.addListener(meters);
  }

  /** Stops recording into every registry this was bound to; the meters already registered stay. */
  @Override
  public void close() {
    for (SessionMeters meters : bound) {
      manager.removeListener(meters);
    }
    bound.clear();
  }

  /** The {@code store} tag of {@code manager}: what kind of store it writes to, or {@code cookie}. */
  static String storeName(SessionManager manager) {
    if (manager.config().mode() == SessionMode.COOKIE) {
      return "cookie";
    }
    return ObservedSessionStore.storeName(manager.store());
  }
}
