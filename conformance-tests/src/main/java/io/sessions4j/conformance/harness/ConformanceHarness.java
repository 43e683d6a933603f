package io.sessions4j.conformance.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.conformance.harness.ConformanceProfiles.Backend;
import io.sessions4j.core.Session;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionGoneException;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.SessionStore;
import io.sessions4j.core.store.StoreAdministration;
import io.sessions4j.core.store.memory.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The framework-neutral side of every conformance harness: the sessions of each profile, and every
 * route of CONFORMANCE.md implemented on the core {@link Session}. An adapter's harness only does
 * HTTP wiring: mount its session middleware per profile with {@link #config} (or use {@link
 * #manager}), parse the path with {@link ProtocolRoute}, call {@link #handle} (or {@link
 * #handleAsync} on an event loop) and write the {@link RouteResult}.
 *
 * <p>Besides the protocol's routes it serves these extensions:
 *
 * <ul>
 *   <li>{@code unset[?k=v]}: put each parameter, then {@link Session#unset()};
 *   <li>{@code save[?k=v]}: put each parameter (if any), then {@link Session#save()};
 *   <li>{@code nested?k=v}: mutate in place the Map attribute {@code nested} obtained with {@code
 *       get}, without {@code put} (created with {@code put} when absent);
 *   <li>{@code set-cookie?k=v}: put, and have the adapter add {@code app=1; Path=/} and a stale
 *       {@code sid=stale; Path=/p/{profile}} itself before the session commits;
 *   <li>{@code reload?await=NAME}: wait (at most 10 s) until {@code _release?name=NAME} before
 *       reloading; a gone session answers 200 with {@code "error":"gone"};
 *   <li>{@code untouched}: answers {@code {"untouched":true}} without using the session at all (a
 *       lazily loaded session then costs no store I/O and sends no cookie);
 *   <li>{@code late}: as {@code view}, but the session is first used after a hop to another thread,
 *       as code that needs the session late in a request does;
 * </ul>
 *
 * <p>Every other route uses the session only once {@link Session#loaded()} completed, so a lazy
 * session is never waited for on an event loop.
 *
 * <p>It also serves the control routes (names starting with {@code _}; they ignore the session and may be
 * served without one): {@code _stats[?id=ID]}, {@code _fail?op=get|save|touch|destroy&count=N},
 * {@code _reset}, {@code _evict?id=ID} (delete a record behind the session's back), {@code
 * _arrived?name=NAME}, {@code _release?name=NAME}, and {@code _exceptions} (on every profile,
 * store or cookie: how many exceptions the profile's routes got from the session since the
 * harness started, {@link #exceptions}).
 *
 * <p>It is one class on purpose: it is the single place where the protocol's routes are
 * implemented, so every adapter's harness behaves the same by calling it, and CONFORMANCE.md can
 * be checked against one file.
 */
public final class ConformanceHarness implements AutoCloseable {

  /** Environment variable naming the JDBC URL of the {@code store-jdbc} profile. */
  public static final String JDBC_URL_ENV = "SESSIONS4J_JDBC_URL";
  /** Environment variable naming the Redis URI of the {@code store-redis} profile. */
  public static final String REDIS_URI_ENV = "SESSIONS4J_REDIS_URI";

  /** How long {@code reload?await=NAME} waits for {@code _release?name=NAME}. */
  static final Duration AWAIT_LIMIT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, SessionConfig> configs = new LinkedHashMap<>();
  private final Map<String, InstrumentedStore> stores = new LinkedHashMap<>();
  private final Map<String, String> unsupported = new LinkedHashMap<>();
  private final Map<String, SessionManager> managers = new ConcurrentHashMap<>();
  private final Map<String, Latch> latches = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> exceptions = new ConcurrentHashMap<>();

  private ConformanceHarness(Map<String, String> env, List<StoreFactory> factories) {
    for (String profile : ConformanceProfiles.names()) {
      if (ConformanceProfiles.mode(profile) == SessionMode.COOKIE) {
        configs.put(profile, ConformanceProfiles.config(profile, null));
        continue;
      }
      String sharedWith = ConformanceProfiles.sharesStoreOf(profile);
      InstrumentedStore instrumented;
      if (sharedWith != null) {
        instrumented = stores.get(sharedWith);
        if (instrumented == null) {
          unsupported.put(profile, "shares the store of profile '" + sharedWith + "', which is unsupported");
          continue;
        }
      } else {
        Optional<SessionStore> store = storeFor(profile, env, factories);
        if (store.isEmpty()) {
          continue;
        }
        instrumented = new InstrumentedStore(store.get());
      }
      stores.put(profile, instrumented);
      configs.put(profile, ConformanceProfiles.config(profile, instrumented));
    }
  }

  /** A harness configured from the process environment, with store factories from the context class loader. */
  public static ConformanceHarness create() {
    return create(System.getenv());
  }

  /**
   * A harness whose store profiles are configured from {@code env} ({@value #JDBC_URL_ENV}, {@value
   * #REDIS_URI_ENV}) instead of the process environment, with the store factories on the classpath.
   */
  public static ConformanceHarness create(Map<String, String> env) {
    List<StoreFactory> factories = new ArrayList<>();
    ServiceLoader.load(StoreFactory.class).forEach(factories::add);
    return create(env, factories);
  }

  /** A harness configured from {@code env} ({@value #JDBC_URL_ENV}, {@value #REDIS_URI_ENV}) and these factories. */
  public static ConformanceHarness create(Map<String, String> env, List<StoreFactory> factories) {
    return new ConformanceHarness(env, factories);
  }

  private Optional<SessionStore> storeFor(String profile, Map<String, String> env, List<StoreFactory> factories) {
    Backend backend = ConformanceProfiles.backend(profile);
    if (backend == Backend.MEMORY) {
      return Optional.of(MemoryStore.builder().build());
    }
    String variable = backend.onJdbcUrl() ? JDBC_URL_ENV : REDIS_URI_ENV;
    String kind = backend.factoryKind();
    String url = env.get(variable);
    if (url == null || url.isBlank()) {
      unsupported.put(profile, variable + " is not set");
      return Optional.empty();
    }
    Optional<StoreFactory> factory = factories.stream().filter(f -> kind.equals(f.kind())).findFirst();
    if (factory.isEmpty()) {
      unsupported.put(profile, "no StoreFactory of kind '" + kind + "' on the classpath");
      return Optional.empty();
    }
    if (!factory.get().supports(url)) {
      unsupported.put(profile, "the '" + kind + "' store does not run on " + variable + "'s database");
      return Optional.empty();
    }
    return Optional.of(factory.get().create(url));
  }

  /** Every profile name, supported or not. */
  public List<String> profiles() {
    return ConformanceProfiles.names();
  }

  /** True when the profile exists and can run here. */
  public boolean supports(String profile) {
    return configs.containsKey(profile);
  }

  /** The profile's configuration (its store wrapped in an {@link InstrumentedStore}), or null when unsupported or unknown. */
  public SessionConfig config(String profile) {
    return configs.get(profile);
  }

  /**
   * The profile's session manager, built on first use from {@link #config}; null when the profile
   * is unsupported (the adapter answers 501 on every route of it) or unknown.
   */
  public SessionManager manager(String profile) {
    SessionConfig config = configs.get(profile);
    return config == null ? null : managers.computeIfAbsent(profile, p -> SessionManager.create(config));
  }

  /** The instrumented store of a supported store-mode profile, else null. */
  public InstrumentedStore store(String profile) {
    return stores.get(profile);
  }

  /** True for control routes ({@code _stats}, {@code _fail}, …), which never use the session. */
  public static boolean isControlRoute(String route) {
    return route != null && (route.startsWith("_") || route.startsWith("/_"));
  }

  /**
   * Runs one route and says what to answer, blocking until it is done ({@code save}, {@code
   * reload} and {@code reload?await} wait). Event-loop servers use {@link #handleAsync} instead.
   *
   * @param session the request's session; ignored (may be null) for control routes and for
   *     unsupported profiles
   * @throws RuntimeException what the session operation failed with (a store failure, …): the
   *     adapter answers it as its framework answers handler failures
   */
  public RouteResult handle(String profile, String route, Map<String, List<String>> query, Session session) {
    try {
      return handleAsync(profile, route, query, session).toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** {@link #handle}, without blocking: the stage completes when the route is done. */
  public CompletionStage<RouteResult> handleAsync(String profile, String route, Map<String, List<String>> query, Session session) {
    String name = route.startsWith("/") ? route.substring(1) : route;
    if (!ConformanceProfiles.exists(profile)) {
      return done(error(404, "no conformance profile '" + profile + "'"));
    }
    if (!supports(profile)) {
      return done(error(501, "profile " + profile + " is not supported here: " + unsupported.get(profile)));
    }
    try {
      if (isControlRoute(name)) {
        return control(profile, name, query);
      }
      if (session == null) {
        throw new IllegalArgumentException("route " + name + " needs the request's session; got null");
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (name.equals("untouched")) {
      return done(json(Map.of("untouched", true))); // never uses the session: no store I/O at all
    }
    try {
      // the session is used only once loaded, so the routes' synchronous calls never wait on an
      // event loop; "late" first hops to another thread, as code that uses the session late does
      CompletionStage<?> before = name.equals("late")
          ? CompletableFuture.runAsync(() -> {})
          : CompletableFuture.completedFuture(null);
      return before.thenCompose(v -> session.loaded())
          .thenCompose(loaded -> route(profile, name, query, session))
          .whenComplete((result, failure) -> {
            if (failure != null) {
              countException(profile);
            }
          });
    } catch (RuntimeException e) {
      countException(profile);
      return CompletableFuture.failedFuture(e);
    }
  }

  private void countException(String profile) {
    exceptions.computeIfAbsent(profile, p -> new AtomicLong()).incrementAndGet();
  }

  /**
   * How many exceptions the routes of {@code profile} got from its session since this harness
   * started (thrown, or a failed stage of {@code save}/{@code reload}), served as {@code
   * _exceptions}. Never reset: the hostile-input checks compare it before and after, so a client's
   * input that reached the application as an exception (a decoding failure on {@code get}, …) is
   * seen even when the route still answered. The deliberate failure of {@code throw} is a result,
   * not an exception, and is not counted; injected store failures ({@code _fail}) are.
   */
  public long exceptions(String profile) {
    AtomicLong n = exceptions.get(profile);
    return n == null ? 0 : n.get();
  }

  private CompletionStage<RouteResult> route(String profile, String route, Map<String, List<String>> query, Session session) {
    switch (route) {
      case "view":
      case "late":
        return done(sessionJson(session));
      case "set":
        putAll(session, query);
        return done(sessionJson(session));
      case "incr": {
        String name = param(query, "name");
        if (name == null) {
          return done(error(400, "incr needs ?name="));
        }
        Object current = session.get(name);
        long value = current instanceof Number n ? n.longValue() : 0;
        session.put(name, value + 1);
        return done(sessionJson(session));
      }
      case "remove": {
        String name = param(query, "name");
        if (name == null) {
          return done(error(400, "remove needs ?name="));
        }
        session.remove(name);
        return done(sessionJson(session));
      }
      case "regenerate":
        session.regenerate();
        return done(sessionJson(session));
      case "change-id":
        session.changeId();
        return done(sessionJson(session));
      case "destroy":
        session.destroy();
        return done(sessionJson(session));
      case "touch":
        session.touch();
        return done(sessionJson(session));
      case "unset":
        putAll(session, query);
        session.unset();
        return done(sessionJson(session));
      case "save":
        putAll(session, query);
        return session.save().thenApply(v -> sessionJson(session));
      case "reload":
        return reload(query, session);
      case "max-age": {
        Long ms = longParam(query, "ms");
        if (ms == null || ms <= 0) {
          return done(error(400, "max-age needs ?ms= with a positive number of milliseconds"));
        }
        session.maxAge(Duration.ofMillis(ms));
        return done(sessionJson(session));
      }
      case "big": {
        Long bytes = longParam(query, "bytes");
        if (bytes == null || bytes < 0 || bytes > 10_000_000) {
          return done(error(400, "big needs ?bytes= between 0 and 10000000"));
        }
        session.put("big", "x".repeat(bytes.intValue()));
        return done(sessionJson(session));
      }
      case "nested":
        mutateNested(session, query);
        return done(sessionJson(session));
      case "throw":
        putAll(session, query);
        return done(new RouteResult.Throw(new IllegalStateException("conformance: the /throw route fails on purpose")));
      case "stream":
        putAll(session, query);
        return done(new RouteResult.Stream(chunks(sessionJson(session).body(), 3)));
      case "redirect":
        putAll(session, query);
        return done(new RouteResult.Redirect(ProtocolRoute.PREFIX + profile + "/view"));
      case "set-cookie": {
        putAll(session, query);
        String cookie = configs.get(profile).cookieName();
        List<String> appCookies = List.of("app=1; Path=/", cookie + "=stale; Path=" + ProtocolRoute.PREFIX + profile);
        return done(new RouteResult.Json(200, sessionJson(session).body(), appCookies));
      }
      default:
        return done(error(404, "no route '" + route + "' (see CONFORMANCE.md)"));
    }
  }

  /** Nested change: the Map is mutated in place and never put back, so only change tracking can see it. */
  @SuppressWarnings("unchecked")
  private static void mutateNested(Session session, Map<String, List<String>> query) {
    Object nested = session.get("nested");
    if (nested instanceof Map<?, ?> map) {
      query.forEach((k, v) -> ((Map<String, Object>) map).put(k, v.get(0)));
    } else {
      Map<String, Object> fresh = new LinkedHashMap<>();
      query.forEach((k, v) -> fresh.put(k, v.get(0)));
      session.put("nested", fresh);
    }
  }

  private CompletionStage<RouteResult> reload(Map<String, List<String>> query, Session session) {
    String await = param(query, "await");
    CompletionStage<Boolean> gate = await == null ? CompletableFuture.completedFuture(true) : awaitRelease(await);
    return gate.thenCompose(released -> session.reload()
        .handle((ok, failure) -> {
          Map<String, Object> extra = new LinkedHashMap<>();
          if (!released) {
            extra.put("awaitTimedOut", true);
          }
          if (failure != null) {
            if (!(unwrap(failure) instanceof SessionGoneException)) {
              throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            extra.put("error", "gone");
          }
          return (RouteResult) sessionJson(session, extra);
        }));
  }

  private CompletionStage<RouteResult> control(String profile, String route, Map<String, List<String>> query) {
    switch (route) {
      case "_arrived": {
        Latch latch = latches.get(String.valueOf(param(query, "name")));
        return done(json(Map.of("arrived", latch != null && latch.arrived.isDone())));
      }
      case "_release": {
        String name = param(query, "name");
        if (name == null) {
          return done(error(400, "_release needs ?name="));
        }
        latches.computeIfAbsent(name, n -> new Latch()).released.complete(null);
        return done(json(Map.of("released", name)));
      }
      case "_exceptions":
        return done(json(Map.of("exceptions", exceptions(profile))));
      default:
        break;
    }
    InstrumentedStore store = stores.get(profile);
    if (store == null) {
      return done(error(404, route + " needs a store-mode profile; " + profile + " has no store"));
    }
    switch (route) {
      case "_stats":
        return stats(store, param(query, "id"));
      case "_fail": {
        String op = param(query, "op");
        Long count = longParam(query, "count");
        InstrumentedStore.Failure failure;
        try {
          failure = InstrumentedStore.Failure.valueOf(String.valueOf(op).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          return done(error(400, "_fail needs ?op=get|save|touch|destroy"));
        }
        int n = count == null ? 1 : count.intValue();
        store.failNext(failure, n);
        return done(json(Map.of("op", failure.name().toLowerCase(Locale.ROOT), "count", n)));
      }
      case "_reset":
        store.reset();
        return done(json(Map.of("reset", true)));
      case "_evict": {
        String id = param(query, "id");
        if (id == null) {
          return done(error(400, "_evict needs ?id="));
        }
        return store.delegate().destroy(id).thenApply(v -> json(Map.of("evicted", id)));
      }
      default:
        return done(error(404, "no control route '" + route + "'"));
    }
  }

  private static CompletionStage<RouteResult> stats(InstrumentedStore store, String id) {
    InstrumentedStore.Counts c = id == null ? store.counts() : store.counts(id);
    Map<String, Object> body = new LinkedHashMap<>();
    if (id != null) {
      body.put("id", id);
    }
    body.put("get", c.get());
    body.put("save", c.save());
    body.put("set", c.set());
    body.put("writes", c.writes());
    body.put("touch", c.touch());
    body.put("destroy", c.destroy());
    if (id != null) {
      return store.delegate().get(id).thenApply(found -> {
        body.put("exists", found.isPresent());
        return json(body);
      });
    }
    CompletionStage<Long> size;
    try {
      size = StoreAdministration.of(store.delegate()).length();
    } catch (UnsupportedOperationException e) {
      size = CompletableFuture.completedFuture(null);
    }
    return size.thenApply(n -> {
      body.put("size", n);
      return json(body);
    });
  }

  /** Waits for {@code _release?name=NAME}; completes with false when {@link #AWAIT_LIMIT} passed first. */
  private CompletionStage<Boolean> awaitRelease(String name) {
    Latch latch = latches.computeIfAbsent(name, n -> new Latch());
    latch.arrived.complete(null);
    return latch.released.thenApply(v -> true)
        .completeOnTimeout(false, AWAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((released, e) -> latches.remove(name, latch));
  }

  /** Closes the session managers and the stores this harness made. */
  @Override
  public void close() {
    managers.values().forEach(SessionManager::close);
    stores.values().stream().distinct().forEach(InstrumentedStore::close); // shared stores once
  }

  /** The session JSON of the protocol: {@code {"id":…,"new":…,"attributes":{…}}}. */
  public static RouteResult.Json sessionJson(Session session) {
    return sessionJson(session, Map.of());
  }

  private static RouteResult.Json sessionJson(Session session, Map<String, Object> extra) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", session.id());
    node.put("new", session.isNew());
    node.set("attributes", JSON.valueToTree(session.attributes()));
    extra.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
    return new RouteResult.Json(write(node));
  }

  private static RouteResult.Json json(Map<String, ?> body) {
    return new RouteResult.Json(write(body));
  }

  private static RouteResult.Json error(int status, String message) {
    return new RouteResult.Json(status, write(Map.of("error", message)), List.of());
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("conformance: cannot write JSON", e);
    }
  }

  private static void putAll(Session session, Map<String, List<String>> query) {
    query.forEach((name, values) -> session.put(name, values.get(0)));
  }

  private static String param(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static Long longParam(Map<String, List<String>> query, String name) {
    try {
      String value = param(query, name);
      return value == null ? null : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Splits {@code body} into about {@code parts} chunks, never inside a surrogate pair. */
  private static List<String> chunks(String body, int parts) {
    List<String> chunks = new ArrayList<>();
    int size = Math.max(1, body.length() / parts);
    int start = 0;
    while (start < body.length()) {
      int end = Math.min(body.length(), start + size);
      if (end < body.length() && Character.isLowSurrogate(body.charAt(end))) {
        end++;
      }
      chunks.add(body.substring(start, end));
      start = end;
    }
    return chunks;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static CompletionStage<RouteResult> done(RouteResult result) {
    return CompletableFuture.completedFuture(result);
  }

  /** A rendezvous between {@code reload?await=NAME} and {@code _release?name=NAME}. */
  private static final class Latch {
    final CompletableFuture<Void> arrived = new CompletableFuture<>();
    final CompletableFuture<Void> released = new CompletableFuture<>();
  }
}
