package io.sessions4j.bench.jmh;

import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.codec.AttributeCodec;
import io.sessions4j.core.store.memory.MemoryStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's whole per-request work in store mode ({@code SessionManager.load} then {@code commit})
 * over an in-memory exchange and the {@link MemoryStore}, with the default configuration (signed id
 * cookie, 24 h window, lazy touch), for the attributes of the 200 B cookie session (about 150 B stored, as the timestamps live
 * in the record):
 *
 * <ul>
 *   <li>{@code readOnly}: an existing session, one attribute read; no store write, no Set-Cookie.
 *   <li>{@code modify}: an existing session, one attribute changed; one versioned store write.
 *   <li>{@code newSession}: no cookie, one attribute put; a new id, one store insert, a Set-Cookie.
 *       The store is bounded (100,000 sessions, LRU), so steady state includes an eviction.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineBenchmark {
  private SessionManager manager;
  private String cookieHeader;
  private long counter;
  /**
   * Not a JMH parameter (the JMH rows keep the engine as applications run it by default): {@code
   * plain}; {@code metered}, the engine with {@code session-micrometer}'s meters bound to a simple
   * registry; {@code listened}, a listener that does nothing (what the engine's events cost by
   * themselves); {@code traced}, the decision trace on. Set by {@link CpuTimeCheck}'s variant rows.
   */
  String variant = "plain";

  @Setup
  public void setup() {
    manager = SessionManager.create(SessionConfig.builder()
        .keys(Payloads.SECRET)
        .store(MemoryStore.builder().build())
        .trace(variant.equals("traced"))
        .build());
    if (variant.equals("listened")) {
      manager.addListener(new io.sessions4j.core.event.SessionListener() {});
    }
    if (variant.equals("metered")) {
      new io.sessions4j.micrometer.SessionMetrics(manager)
          .bindTo(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }
    BenchExchange first = new BenchExchange(null);
    Session s = manager.load(first).toCompletableFuture().join();
    Payloads.attributes(new AttributeCodec(Map.of()), 200).forEach(s::put);
    manager.commit(first, s).toCompletableFuture().join();
    cookieHeader = first.setCookie(manager.config().cookieName());
    if (cookieHeader == null) {
      throw new IllegalStateException("no session cookie was issued");
    }
    if (readOnly() == null) {
      throw new IllegalStateException("the session did not load");
    }
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  /** Load an existing session, read one attribute, commit (nothing to write). */
  @Benchmark
  public Object readOnly() {
    BenchExchange ex = new BenchExchange(cookieHeader);
    Session s = manager.load(ex).toCompletableFuture().join();
    Object user = s.get("user");
    manager.commit(ex, s).toCompletableFuture().join();
    return user;
  }

  /** Load an existing session, change one attribute, commit (one versioned write). */
  @Benchmark
  public Object modify() {
    BenchExchange ex = new BenchExchange(cookieHeader);
    Session s = manager.load(ex).toCompletableFuture().join();
    s.put("visits", ++counter);
    manager.commit(ex, s).toCompletableFuture().join();
    return s;
  }

  /** No cookie: a new session with one attribute, inserted, cookie issued. */
  @Benchmark
  public Object newSession() {
    BenchExchange ex = new BenchExchange(null);
    Session s = manager.load(ex).toCompletableFuture().join();
    s.put("user", "alice@example.com");
    manager.commit(ex, s).toCompletableFuture().join();
    return ex;
  }
}
