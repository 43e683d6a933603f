package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.conformance.store.MutableClock;
import io.sessions4j.core.SessionConfig;
import io.sessions4j.core.SessionManager;
import io.sessions4j.core.SessionMode;
import io.sessions4j.core.store.memory.MemoryStore;
import io.sessions4j.servlet.ListenerServlet.Badge;
import io.sessions4j.servlet.container.EmbeddedContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The servlet session listeners, told about sessions4j sessions: {@code HttpSessionListener},
 * {@code HttpSessionIdListener}, {@code HttpSessionAttributeListener} and {@code
 * HttpSessionBindingListener} values, whether given to the filter, named in its init-param, or
 * registered with the container; in store mode (expiry and destroy-by-id included) and cookie mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionListenersContract {
  private static final String KEY = "servlet-listener-test-key-0123456789abcdef";
  private final HttpClient client = HttpClient.newHttpClient();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final MemoryStore expiringStore = MemoryStore.builder().clock(clock).promptExpiry(false).build();
  private final Recorder given = new Recorder();
  private final Recorder cookieListener = new Recorder();
  private final Recorder registeredWithContainer = new Recorder();
  private final Recorder afterAFaultyOne = new Recorder();
  private final SessionManager sharedEngine = SessionManager.create(SessionConfig.builder().build());
  private EmbeddedContainer container;
  private SessionFilter storeFilter;
  private URI base;

  abstract EmbeddedContainer container();

  /** Records every listener call as a line naming the event, the session id and what the event carries. */
  public static class Recorder implements HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void sessionCreated(HttpSessionEvent se) {
      events().add("created " + se.getSession().getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
      // the servlet spec: attributes are still readable while the session is being destroyed
      events().add("destroyed " + se.getSession().getId() + " user=" + se.getSession().getAttribute("user"));
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent se, String oldSessionId) {
      events().add("idChanged " + oldSessionId + " -> " + se.getSession().getId());
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
      events().add("added " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
      events().add("removed " + event.getName() + "=" + event.getValue());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
      events().add("replaced " + event.getName() + " (old " + event.getValue() + ")");
    }

    List<String> events() {
      return events;
    }
  }

  /** Named in the init-param: the container creates it, so it records into a static list. */
  public static class NamedInInitParam extends Recorder {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    List<String> events() {
      return EVENTS;
    }
  }

  @BeforeAll
  void start() throws Exception {
    container = container();
    base = container.start("127.0.0.1", 0, context -> {
      // as web.xml, @WebListener or Spring Boot's ServletListenerRegistrationBean would
      context.addListener(registeredWithContainer);

      storeFilter = new SessionFilter(SessionConfig.builder().allowType("badge", Badge.class).build())
          .addListener(given);
      mount(context, "store", "/events/*", storeFilter);

      mount(context, "expiring", "/expiring/*", new SessionFilter(SessionConfig.builder().store(expiringStore)
          .clock(clock).idleTimeout(Duration.ofMinutes(5)).build()).addListener(given));

      mount(context, "cookie", "/cookie/*", new SessionFilter(SessionConfig.builder().mode(SessionMode.COOKIE)
          .keys(KEY).build()).addListener(cookieListener));

      HttpSessionListener faulty = new HttpSessionListener() {
        @Override
        public void sessionCreated(HttpSessionEvent se) {
          throw new IllegalStateException("a faulty listener (test)");
        }
      };
      mount(context, "faulty", "/faulty/*", new SessionFilter(SessionConfig.builder().build())
          .detectContainerListeners(false).addListener(faulty).addListener(afterAFaultyOne));

      // two filters on one engine: they share its sessions, and so its listeners
      mount(context, "shared-a", "/shared-a/*", new SessionFilter(sharedEngine));
      mount(context, "shared-b", "/shared-b/*", new SessionFilter(sharedEngine));

      FilterRegistration.Dynamic named = mount(context, "named", "/named/*", new SessionFilter());
      named.setInitParameter("httpSessionListeners", NamedInInitParam.class.getName());
      named.setInitParameter("detectContainerListeners", "false");
    });
  }

  private static FilterRegistration.Dynamic mount(ServletContext context, String name, String path,
      SessionFilter filter) {
    FilterRegistration.Dynamic f = context.addFilter(name, filter);
    f.setAsyncSupported(true);
    f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC),
        false, path);
    context.addServlet(name + "-servlet", new ListenerServlet()).addMapping(path);
    return f;
  }

  @AfterAll
  void stop() throws Exception {
    container.close();
    sharedEngine.close();
  }

  @BeforeEach
  void clearEvents() {
    for (Recorder r : List.of(given, cookieListener, registeredWithContainer, afterAFaultyOne)) {
      r.events.clear();
    }
    NamedInInitParam.EVENTS.clear();
    Badge.EVENTS.clear();
  }

  /** One request; returns the response. */
  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code sid=value} pair of the response's session cookie, or null. */
  private static String cookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("sid="))
        .map(h -> h.substring(0, h.indexOf(';') < 0 ? h.length() : h.indexOf(';'))).findFirst().orElse(null);
  }

  @Test
  void sessionCreatedReportsTheIdTheClientGets() throws Exception {
    HttpResponse<String> login = get("/events/login?user=ada", null);
    String id = login.body();

    assertThat(given.events).containsExactly("created " + id, "added user=ada");
    assertThat(get("/events/id", cookie(login)).body()).as("the id the cookie carries").isEqualTo(id);
    assertThat(given.events).hasSize(2);
  }

  @Test
  void sessionCreatedButNeverKeptIsReportedDestroyedAtTheEndOfItsRequest() throws Exception {
    HttpResponse<String> touched = get("/events/touch", null);

    assertThat(cookie(touched)).as("empty and saveUninitialized off: not kept").isNull();
    assertThat(given.events).containsExactly("created " + touched.body(), "destroyed " + touched.body() + " user=null");
  }

  @Test
  void attributeEventsCarryTheNewAndTheReplacedValues() throws Exception {
    String cookie = cookie(get("/events/login?user=ada", null));
    get("/events/set?user=grace", cookie);
    get("/events/remove", cookie);
    get("/events/remove", cookie); // nothing left to remove: no event

    assertThat(given.events).endsWith("added user=ada", "replaced user (old ada)", "removed user=grace");
  }

  @Test
  void invalidateReportsDestroyedWhileAttributesAreReadableThenRemovesEachAttribute() throws Exception {
    String cookie = cookie(get("/events/login?user=ada", null));
    get("/events/badge?name=gold", cookie);
    given.events.clear();
    Badge.EVENTS.clear();

    String id = get("/events/invalidate", cookie).body();

    assertThat(given.events).containsExactly("destroyed " + id + " user=ada", "removed user=ada",
        "removed badge=Badge[name=gold]");
    assertThat(Badge.EVENTS).containsExactly("unbound gold as badge");
    assertThat(get("/events/id", cookie).body()).isEqualTo("none");
  }

  @Test
  void changeSessionIdReportsTheOldAndTheNewIdOnly() throws Exception {
    HttpResponse<String> login = get("/events/login?user=ada", null);
    String oldId = login.body();
    given.events.clear();

    HttpResponse<String> changed = get("/events/change", cookie(login));
    String newId = changed.body();

    assertThat(newId).isNotEqualTo(oldId);
    assertThat(given.events).as("not also destroyed + created by the core's own event")
        .containsExactly("idChanged " + oldId + " -> " + newId);
    assertThat(get("/events/id", cookie(changed)).body()).isEqualTo(newId);
  }

  @Test
  void bindingListenerValuesAreBoundAndUnbound() throws Exception {
    String cookie = cookie(get("/events/badge?name=gold", null));
    get("/events/badge?name=silver", cookie);
    get("/events/unbadge", cookie);

    assertThat(Badge.EVENTS).containsExactly("bound gold as badge",
        "bound silver as badge", "unbound gold as badge", // the replaced value, decoded from the store
        "unbound silver as badge");
  }

  @Test
  void storeExpiryIsReportedAsDestroyedWithADetachedSession() throws Exception {
    String id = get("/expiring/login?user=ada", null).body();
    given.events.clear();

    clock.advance(Duration.ofMinutes(6));
    expiringStore.cleanUp();

    String expected = "destroyed " + id + " user=null"; // the store does not hand back an expired session's data
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!given.events.contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(10); // the memory store reports expiry on the common pool
    }
    assertThat(given.events).containsExactly(expected);
  }

  @Test
  void destroyByIdIsReportedAsDestroyed() throws Exception {
    String id = get("/events/login?user=ada", null).body();
    given.events.clear();

    storeFilter.manager().destroy(id).toCompletableFuture().join();

    assertThat(given.events).containsExactly("destroyed " + id + " user=null");
  }

  @Test
  void lifecycleCallsThroughTheCoreSessionAreReportedWhenTheRequestCommits() throws Exception {
    HttpResponse<String> login = get("/events/login?user=ada", null);
    String oldId = login.body();
    given.events.clear();

    String newId = get("/events/core-regenerate?user=grace", cookie(login)).body();

    assertThat(newId).isNotEqualTo(oldId);
    assertThat(given.events).containsExactlyInAnyOrder("destroyed " + oldId + " user=null", "created " + newId);
  }

  @Test
  void listenerThatThrowsIsLoggedAndTheOthersStillHear() throws Exception {
    HttpResponse<String> login = get("/faulty/login?user=ada", null);

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(afterAFaultyOne.events).containsExactly("created " + login.body(), "added user=ada");
  }

  @Test
  void listenerRegisteredWithTheContainerIsFound() throws Exception {
    String id = get("/events/login?user=ada", null).body();

    assertThat(storeFilter.listeners()).contains(registeredWithContainer, given);
    assertThat(registeredWithContainer.events).containsExactly("created " + id, "added user=ada");
  }

  @Test
  void filtersSharingAnEngineTellTheirListenersOnce() throws Exception {
    HttpResponse<String> login = get("/shared-a/login?user=ada", null);
    String id = login.body();
    assertThat(get("/shared-b/id", cookie(login)).body()).as("one session for both filters").isEqualTo(id);

    sharedEngine.destroy(id).toCompletableFuture().join();

    assertThat(registeredWithContainer.events).containsExactly("created " + id, "added user=ada",
        "destroyed " + id + " user=null");
  }

  @Test
  void listenerNamedInTheInitParamIsCreatedByTheContainer() throws Exception {
    HttpResponse<String> login = get("/named/login?user=ada", null);
    get("/named/invalidate", cookie(login));

    assertThat(NamedInInitParam.EVENTS).containsExactly("created " + login.body(), "added user=ada",
        "destroyed " + login.body() + " user=ada", "removed user=ada");
    assertThat(registeredWithContainer.events).as("detectContainerListeners=false").isEmpty();
  }

  @Test
  void cookieModeReportsWhatHappensInEachRequest() throws Exception {
    HttpResponse<String> login = get("/cookie/login?user=ada", null);
    String firstId = login.body();
    HttpResponse<String> set = get("/cookie/set?user=grace", cookie(login));
    HttpResponse<String> changed = get("/cookie/change", cookie(set));
    String invalidatedId = get("/cookie/invalidate", cookie(changed)).body();

    // a cookie session has no server-side id: each request reports an opaque one of its own
    assertThat(cookieListener.events).hasSize(6);
    assertThat(cookieListener.events.subList(0, 3)).containsExactly("created " + firstId, "added user=ada",
        "replaced user (old ada)");
    assertThat(cookieListener.events.get(3)).matches("idChanged [\\w-]+ -> " + changed.body());
    assertThat(cookieListener.events.subList(4, 6)).containsExactly("destroyed " + invalidatedId + " user=grace",
        "removed user=grace");
  }
}
